package io.fugue.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoteCursorTest {

    @Test
    void roundTripsToTheMicrosecond() {
        NoteCursor cursor = new NoteCursor(Instant.parse("2026-11-29T15:49:48.749143Z"), UUID.randomUUID());

        String encoded = cursor.encode();

        assertTrue(encoded.matches("[A-Za-z0-9_-]{32}"), encoded);
        assertEquals(cursor, NoteCursor.decode(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "zzz", "not base64!", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
    void malformedCursorsAreRefused(String encoded) {
        assertThrows(InvalidCursorException.class, () -> NoteCursor.decode(encoded));
    }

    @Test
    void cursorsOutsidePlausibleTimesAreRefused() {
        for (long micros : new long[] { Long.MAX_VALUE, Long.MIN_VALUE, -1 }) {
            byte[] raw = ByteBuffer.allocate(24).putLong(micros).putLong(1).putLong(2).array();
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            assertThrows(InvalidCursorException.class, () -> NoteCursor.decode(encoded), String.valueOf(micros));
        }
    }

    @Test
    void nullIsRefused() {
        assertThrows(InvalidCursorException.class, () -> NoteCursor.decode(null));
    }
}
