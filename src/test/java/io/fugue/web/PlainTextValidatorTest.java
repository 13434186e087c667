package io.fugue.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainTextValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = { "", "plain", "Robert'); DROP TABLE notes;--", "日本語", "🔑 emoji pair", "tab\tnew\nline" })
    void storableTextIsValid(String text) {
        assertTrue(PlainTextValidator.isPlainText(text, false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "nul\u0000inside", "\u0000", "lone high \ud800", "lone low \udc00 here", "\udc00\ud800",
            "end\ud83d" })
    void textPostgreSqlCannotStoreVerbatimIsInvalid(String text) {
        assertFalse(PlainTextValidator.isPlainText(text, false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "nul\u0000inside", "\u0000" })
    void nulIsValidWhereAllowed(String text) {
        assertTrue(PlainTextValidator.isPlainText(text, true));
    }

    @ParameterizedTest
    @ValueSource(strings = { "lone high \ud800", "lone low \udc00 here", "\udc00\ud800", "end\ud83d" })
    void unpairedSurrogatesAreInvalidEvenWhereNulIsAllowed(String text) {
        assertFalse(PlainTextValidator.isPlainText(text, true));
    }

    @org.junit.jupiter.api.Test
    void nullIsLeftToNotNull() {
        assertTrue(new PlainTextValidator().isValid(null, null));
    }
}
