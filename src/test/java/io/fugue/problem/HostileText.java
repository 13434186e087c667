package io.fugue.problem;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Random text for the fuzz: storable text (no NUL, no unpaired surrogate) assembled from attack payloads and awkward
 * Unicode, and the JSON string form of any text, unpaired surrogates included (as {@code \\uXXXX} escapes, the only
 * way JSON can carry them).
 */
final class HostileText {

    /** Payloads that mean something to a database, a shell, a template engine, a browser or a logger. */
    static final List<String> PAYLOADS = List.of(
            "' OR '1'='1", "'; DROP TABLE notes;--", "Robert'); DELETE FROM accounts;--", "\" OR \"\"=\"",
            "1; SELECT pg_sleep(5)--", "$$;$$", "%s%s%n%x", "{{7*7}}", "${7*7}", "#{7*7}", "${jndi:ldap://127.0.0.1/a}",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "../../etc/passwd",
            "..\\..\\windows\\win.ini", "%2e%2e%2f", "%00", "\\u0000", "\\x00", "$(id)", "`id`", "| cat /etc/passwd",
            "\r\nSet-Cookie: fugue_session=forged", "\r\n\r\nHTTP/1.1 200 OK", "\u001b[31mred", "*/ /*", "-- ", "\\",
            "\"", "'", "null", "undefined", "NaN", "-0", "1e309", "[]", "{}", "\ufeff", "\u202e\u202dtxt.exe");

    /** Awkward but valid Unicode: RTL marks and scripts, emoji (surrogate pairs), ZWJ sequences, combining marks. */
    static final List<String> UNICODE = List.of(
            "\u202e", "\u200f", "\u200b", "\u2028", "\u2029", "\u00a0", "\uffff", "\ufffd", "\ufeff",
            "مرحبا بالعالم", "שלום", "日本語テキスト", "한국어", "Ελληνικά", "Ünïcödé", "e\u0301\u0302\u0303\u0304",
            "\ud83d\ude00", "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67", "\ud83c\udff3\ufe0f\u200d\ud83c\udf08",
            "\udbff\udfff", "\ud800\udc00", "\u0001\u0002\u0007\u0008\t\n\u000b\f\r\u001f\u007f", "Z\u0351\u0352\u0353");

    private static final String ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.,;:!?";

    private HostileText() {
    }

    /** Storable text of exactly {@code length} UTF-16 units (the unit {@code @Size} counts). */
    static String storable(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int pick = random.nextInt(10);
            String piece = pick < 3 ? PAYLOADS.get(random.nextInt(PAYLOADS.size()))
                    : pick < 6 ? UNICODE.get(random.nextInt(UNICODE.size()))
                    : String.valueOf(ASCII.charAt(random.nextInt(ASCII.length())));
            if (text.length() + piece.length() <= length) {
                text.append(piece);
            } else {
                text.append(ASCII.charAt(random.nextInt(ASCII.length())));
            }
        }
        return text.toString();
    }

    /** A length skewed to the short side, and to the limits: 0, 1, max and max+1 come up often. */
    static int length(SplittableRandom random, int max) {
        return switch (random.nextInt(8)) {
            case 0 -> max;
            case 1 -> 1;
            case 2 -> random.nextInt(Math.min(max, 20) + 1);
            case 3 -> random.nextInt(max + 1);
            default -> random.nextInt(Math.min(max, 300) + 1);
        };
    }

    /**
     * The JSON string literal of any text: controls and surrogates as {@code \\uXXXX}, and now and then a plain
     * character escaped too (a parser must treat both forms alike).
     */
    static String json(String text, SplittableRandom random) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !pairedAt(text, i) || random.nextInt(50) == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c)) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static boolean pairedAt(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
