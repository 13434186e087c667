package io.fugue.session;

/**
 * Supplies the session keys in force. The token code asks for {@link #current()} on every sign and verify, so an
 * implementation backed by a rotating store (Key Vault secret versions) only has to return its latest ring.
 *
 * <p>Contract for implementations:
 * <ul>
 * <li>{@code current()} is called per request, possibly on an event-loop thread: it must be cheap and must never
 * block (serve a cached ring, refresh it elsewhere) and must never return {@code null}.</li>
 * <li>The ring's signing key is the newest key; verification keys are the older ones that may still have live
 * sessions (replaced within {@code fugue.session.max-age}, plus the refresh lag for Key Vault versions). A key left
 * out of the ring invalidates its sessions.</li>
 * <li>Each key's material is at least {@link SessionKeys#MIN_KEY_BYTES} bytes; the {@code kid} is stable for the life of
 * a key, unique within the ring, safe to publish (a secret version id, or {@link SessionKeys#kidOf(byte[])}), and
 * 1 to 128 characters of {@code [A-Za-z0-9_.-]} ({@link SessionKey} enforces it).</li>
 * </ul>
 */
public interface SessionKeySource {

    /** The keys in force now. */
    SessionKeyRing current();

    /**
     * A cookie names a key this source does not hold: a source that can learn keys (another replica may already sign
     * with a newer one) tries now, bounded in time and rate, then {@link #current()} has whatever it learned. May
     * block a worker thread briefly, never an event loop. Does nothing by default.
     *
     * @param kid the cookie's {@code kid}, as sent: anyone can forge one
     */
    default void catchUp(String kid) {
    }
}
