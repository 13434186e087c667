package io.fugue.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(() -> 4);

    @Test
    void hashIsSaltedBcryptAndVerifies() {
        String hash = hasher.hash("correct horse battery staple");

        assertTrue(hash.matches("\\$2[aby]?\\$04\\$.{53}"), hash);
        assertNotEquals(hash, hasher.hash("correct horse battery staple"));
        assertTrue(hasher.verify("correct horse battery staple", hash));
        assertFalse(hasher.verify("correct horse battery stapler", hash));
        assertFalse(hasher.verify("", hash));
    }

    @Test
    void everyByteOfALongPassphraseCounts() {
        String prefix = "x".repeat(72);
        String hash = hasher.hash(prefix + "first ending");

        assertTrue(hasher.verify(prefix + "first ending", hash));
        assertFalse(hasher.verify(prefix + "other ending", hash), "bcrypt alone would ignore bytes past 72");
    }

    @Test
    void nonAsciiPasswordsWork() {
        String hash = hasher.hash("pässwörd-日本語-🔑🔑");

        assertTrue(hasher.verify("pässwörd-日本語-🔑🔑", hash));
        assertFalse(hasher.verify("passwort-日本語-🔑🔑", hash));
    }

    @Test
    void unreadableHashNeverMatches() {
        assertFalse(hasher.verify("anything at all", "not a hash"));
        assertFalse(hasher.verify("anything at all", ""));
        assertFalse(hasher.verifyAgainstDummy("anything at all"));
    }
}
