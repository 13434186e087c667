package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.regex.Pattern;

import org.junit.jupiter.api.function.Executable;

/** What an operator sees when boot fails: one exception, one line per reference, nothing else. */
final class BootFailures {

    /** A stack frame as printed, e.g. {@code at io.fugue.keyvault.BootResolver.resolve(BootResolver.java:42)}. */
    private static final Pattern FRAME = Pattern.compile("\\bat [a-zA-Z_$][\\w$]*\\.[\\w$.]+\\(");

    private BootFailures() {
    }

    /**
     * Runs a boot that must fail and returns its message, after checking that the failure carries no stack trace,
     * no cause, no frame text, no token and none of the given secret values.
     */
    static String messageOf(Executable boot, Collection<String> secretValues) {
        KeyVaultResolutionException failure = assertThrows(KeyVaultResolutionException.class, boot);
        String message = failure.getMessage();
        assertEquals(0, failure.getStackTrace().length, "a boot failure records no stack frames");
        assertNull(failure.getCause(), "a boot failure drags no SDK exception along");
        assertEquals(0, failure.getSuppressed().length);

        StringWriter printed = new StringWriter();
        failure.printStackTrace(new PrintWriter(printed));
        String everything = printed.toString();
        assertFalse(FRAME.matcher(everything).find(), () -> "stack trace text in:\n" + everything);
        assertFalse(everything.contains("at io."), everything);
        assertFalse(everything.contains("eyJ"), () -> "an access token in:\n" + everything);
        for (String value : secretValues) {
            assertFalse(everything.contains(value), () -> "a secret value in:\n" + everything);
        }
        return message;
    }

    /** Asserts that the message says each fragment, showing the whole message when it does not. */
    static void assertSays(String message, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in:\n" + message);
        }
    }
}
