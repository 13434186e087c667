package io.fugue.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * Text that PostgreSQL can store exactly as received: no NUL character (refused by PostgreSQL text types) and no
 * unpaired UTF-16 surrogate (which has no UTF-8 form and would be silently replaced). {@code null} is valid. With
 * {@code nulAllowed}, only the surrogates are checked: for text that is hashed as UTF-8, never stored.
 */
@Constraint(validatedBy = PlainTextValidator.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
public @interface PlainText {

    String message() default "must not contain NUL characters or unpaired surrogates";

    boolean nulAllowed() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
