package io.fugue.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * The check recomputes bcrypt with Elytron and compares with the JDK's constant-time MessageDigest.isEqual (see
     * PasswordHasher#verify; no timing is measured here). It must agree with Elytron's own verification, also on a
     * hash that differs from the right one near its end only.
     */
    @Test
    void agreesWithElytronsOwnVerification() throws Exception {
        org.wildfly.security.password.PasswordFactory factory = org.wildfly.security.password.PasswordFactory
                .getInstance("bcrypt", org.wildfly.security.password.WildFlyElytronPasswordProvider.getInstance());
        String hash = io.quarkus.elytron.security.common.BcryptUtil.bcryptHash("plain elytron", 4);
        // A character well inside the hash part carries six whole bits (the last one also carries padding).
        int at = hash.length() - 5;
        String nearlyRight = hash.substring(0, at) + (hash.charAt(at) == 'e' ? 'u' : 'e') + hash.substring(at + 1);

        for (String candidate : new String[] { hash, nearlyRight }) {
            org.wildfly.security.password.Password stored = factory.translate(
                    org.wildfly.security.password.util.ModularCrypt.decode(candidate));
            boolean elytron = factory.verify(stored, "plain elytron".toCharArray());
            assertEquals(elytron, PasswordHasher.matches("plain elytron", candidate), candidate);
        }
        assertTrue(PasswordHasher.matches("plain elytron", hash));
        assertFalse(PasswordHasher.matches("plain elytron", nearlyRight));
    }

    @Test
    void unreadableHashNeverMatches() {
        assertFalse(hasher.verify("anything at all", "not a hash"));
        assertFalse(hasher.verify("anything at all", ""));
        assertFalse(hasher.verifyAgainstDummy("anything at all"));
    }
}
