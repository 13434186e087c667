package io.fugue.keyvault;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.smallrye.common.expression.Expression;

/**
 * Finds the {@code ${kv//…}} references in the effective configuration: the winning raw value of every property,
 * so that a property overridden by an environment variable or system property (Method 1) asks nothing of a vault.
 */
final class ReferenceScanner {

    private static final String EXPRESSION_START = "${" + SecretReferenceParser.PREFIX;
    /** As SmallRye Config's ExpressionConfigSourceInterceptor compiles values. */
    private static final Expression.Flag[] FLAGS = { Expression.Flag.LENIENT_SYNTAX, Expression.Flag.NO_TRIM,
            Expression.Flag.NO_SMART_BRACES, Expression.Flag.DOUBLE_COLON };
    /** As deep as SmallRye Config expands. */
    private static final int MAX_DEPTH = 32;
    private static final String UNEXPANDABLE = "\u0000";
    /** Stands for a reference's value in {@link #wholeReference}. */
    private static final String REFERENCE_VALUE = "\u0001";

    private ReferenceScanner() {
    }

    /** A reference and the properties that use it. {@code optional} when every use has a default value. */
    record Usage(Set<String> properties, boolean optional) {

        Usage merge(Usage other) {
            return new Usage(union(properties, other.properties), optional && other.optional);
        }
    }

    /**
     * @param names every property name known so far, possibly with a {@code %profile.} prefix
     * @param rawValue the effective, unexpanded value of a property for the active profiles, or {@code null}
     */
    static Map<String, Usage> scan(Iterator<String> names, Function<String, String> rawValue) {
        Set<String> properties = new LinkedHashSet<>();
        names.forEachRemaining(name -> properties.add(withoutProfile(name)));
        Map<String, Usage> found = new LinkedHashMap<>();
        for (String property : properties) {
            String value = rawValue.apply(property);
            if (value == null || !value.contains(EXPRESSION_START)) {
                continue;
            }
            for (Reference reference : referencesIn(value, rawValue)) {
                found.merge(reference.name(), new Usage(Set.of(property), reference.hasDefault()), Usage::merge);
            }
        }
        return found;
    }

    record Reference(String name, boolean hasDefault) {
    }

    /**
     * Every {@code ${kv//…}} reference a value would look up, found by evaluating it as SmallRye Config does (same
     * engine and flags), so that the scan agrees with what the configuration will ask for:
     * <ul>
     * <li>an expression inside a reference's name is expanded first: {@code ${kv//${KV_NAME}/db-password}};</li>
     * <li>a reference in another expression's default counts only when that expression has no value:
     * {@code ${DB_PASSWORD:${kv//db-password}}} asks no vault when {@code DB_PASSWORD} is set (Method 1);</li>
     * <li>a reference's own default is not scanned: it applies only if the secret does not exist, and is then looked
     * up on first read.</li>
     * </ul>
     * An expression without a value or default is skipped (with a reference whose name needs it), and a cycle ends the
     * scan of that value: SmallRye reports both when the property is read.
     *
     * @param rawValue the unexpanded value of another property or environment variable, or {@code null}
     */
    static List<Reference> referencesIn(String value, Function<String, String> rawValue) {
        List<Reference> references = new ArrayList<>();
        try {
            expand(value, rawValue, references, 0, "");
        } catch (IllegalStateException e) {
            // Cyclic, or nested too deeply: SmallRye's own error names the property when it is read.
        }
        return references;
    }

    /**
     * The one reference a value evaluates to, with nothing around it: {@code ${kv//db-password}}, and as well
     * {@code ${kv//${KV_NAME}/db-password}} or {@code ${DB_PASSWORD:${kv//db-password}}} while {@code DB_PASSWORD} is
     * unset. Empty for anything else: text around a reference, two of them, none (Method 1).
     */
    static Optional<Reference> wholeReference(String value, Function<String, String> rawValue) {
        if (value == null) {
            return Optional.empty();
        }
        List<Reference> references = new ArrayList<>();
        String expanded;
        try {
            expanded = expand(value, rawValue, references, 0, REFERENCE_VALUE);
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
        return references.size() == 1 && expanded.strip().equals(REFERENCE_VALUE) ? Optional.of(references.get(0))
                : Optional.empty();
    }

    /** @param referenceValue what a reference expands to: only its place matters here, never a value */
    private static String expand(String value, Function<String, String> rawValue, List<Reference> references,
            int depth, String referenceValue) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("expressions nested too deeply");
        }
        // SmallRye reads an escaped \${…} as a literal, as the expression engine reads $${…}.
        return Expression.compile(value.replace("\\$", "$$"), FLAGS).evaluate((context, builder) -> {
            String key = context.getKey();
            if (key.startsWith(SecretReferenceParser.PREFIX)) {
                // A name built from an expression without a value is no name: SmallRye reports that expression.
                if (!key.contains(UNEXPANDABLE)) {
                    references.add(new Reference(key, context.hasDefault()));
                }
                builder.append(referenceValue);
                return;
            }
            String other = rawValue.apply(key);
            if (other != null) {
                builder.append(expand(other, rawValue, references, depth + 1, referenceValue));
            } else if (context.hasDefault()) {
                context.expandDefault();
            } else {
                builder.append(UNEXPANDABLE);
            }
        });
    }

    static String withoutProfile(String name) {
        if (name.startsWith("%")) {
            int dot = name.indexOf('.');
            return dot < 0 ? name : name.substring(dot + 1);
        }
        return name;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
