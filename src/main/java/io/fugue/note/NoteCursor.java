package io.fugue.note;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Position after the last note of a page, in (created_at desc, id desc) order. Opaque to clients: base64url of
 * 8 bytes of epoch microseconds and the 16 bytes of the id. Pure logic.
 */
public record NoteCursor(Instant createdAt, UUID id) {

    private static final int LENGTH = Long.BYTES * 3;
    private static final int MAX_ENCODED_LENGTH = 64;
    /** Cursors only point at real rows, so anything outside these years is forged (and PostgreSQL could not compare it). */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    public static NoteCursor after(Note note) {
        return new NoteCursor(note.createdAt, note.id);
    }

    public String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH)
                .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, createdAt))
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** @throws InvalidCursorException for anything {@link #encode()} cannot have produced */
    public static NoteCursor decode(String encoded) {
        if (encoded == null || encoded.length() > MAX_ENCODED_LENGTH) {
            throw new InvalidCursorException();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
        if (raw.length != LENGTH) {
            throw new InvalidCursorException();
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw);
        long micros = bytes.getLong();
        try {
            Instant createdAt = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
                throw new InvalidCursorException();
            }
            return new NoteCursor(createdAt, new UUID(bytes.getLong(), bytes.getLong()));
        } catch (ArithmeticException | DateTimeException e) {
            throw new InvalidCursorException();
        }
    }
}
