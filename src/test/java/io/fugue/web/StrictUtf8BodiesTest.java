package io.fugue.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictUtf8BodiesTest {

    /** Hex bytes placed inside a JSON string, then whether the body is UTF-8. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "'', true", "c3a9, true", "e282ac, true", "f09f8eb5, true",
        "c0af, false", "e080af, false", "f08080af, false", "c1bf, false",
        "eda080, false", "80, false", "e282, false", "f888808080, false", "ff, false", "f4908080, false" })
    void overlongSurrogateTruncatedAndOutOfRangeFormsAreRefused(String hex, boolean utf8) {
        assertEquals(utf8, StrictUtf8Bodies.isUtf8(json(hex, 0)));
        // The same after more text than the decoder's buffer holds at once.
        assertEquals(utf8, StrictUtf8Bodies.isUtf8(json(hex, 5000)));
    }

    private static byte[] json(String hex, int padding) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("{\"title\":\"" + "é".repeat(padding)).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < hex.length(); i += 2) {
            bytes.write(Integer.parseInt(hex.substring(i, i + 2), 16));
        }
        bytes.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }
}
