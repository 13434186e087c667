package io.fugue.session;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fugue.keyvault.SecretRefresher;
import io.quarkus.runtime.configuration.ConfigurationException;

class SessionKeysTest {

    private static final String GOOD = "0123456789abcdef0123456789abcdef";
    private static final String OTHER = "fedcba9876543210fedcba9876543210";

    @Test
    void bootListsTheSigningKeysVersionsWithItsWave() {
        // Otherwise the key ring's history costs a round trip of its own at startup (still correct, only slower).
        assertTrue(SecretRefresher.HISTORY_PROPERTIES.contains(SessionKeys.SIGNING_KEY_PROPERTY));
    }

    @Test
    void shortSigningKeyIsRefusedNamingThePropertyButNotTheKey() {
        String weak = "only-31-bytes-of-key-material!!";
        assertEquals(31, weak.getBytes(StandardCharsets.UTF_8).length);

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SessionKeys.ring(weak, List.of()));

        assertThat(e.getMessage(), containsString("fugue.session.signing-key"));
        assertThat(e.getMessage(), containsString("32 bytes"));
        assertThat(e.getMessage(), not(containsString(weak)));
    }

    @Test
    void shortFallbackKeyIsRefusedNamingItsProperty() {
        String weak = "short-fallback";

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SessionKeys.ring(GOOD, List.of(OTHER, weak)));

        assertThat(e.getMessage(), containsString("fugue.session.fallback-keys"));
        assertThat(e.getMessage(), not(containsString(weak)));
    }

    @Test
    void missingKeyIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SessionKeys.fromConfig("fugue.session.signing-key", null));
        assertThat(e.getMessage(), containsString("fugue.session.signing-key"));
    }

    @Test
    void lengthIsCountedInUtf8Bytes() {
        String elevenEuros = "€".repeat(11); // 11 characters, 33 bytes
        assertEquals(33, SessionKeys.fromConfig("p", elevenEuros).material().length);
        assertThrows(ConfigurationException.class, () -> SessionKeys.fromConfig("p", "€".repeat(10)));
        assertEquals(32, SessionKeys.fromConfig("p", GOOD).material().length);
    }

    @Test
    void kidIsAShortStableHashThatDoesNotRevealTheKey() {
        SessionKey key = SessionKeys.fromConfig("p", GOOD);

        assertTrue(key.kid().matches("[0-9a-f]{16}"), key.kid());
        assertEquals(key.kid(), SessionKeys.fromConfig("p", GOOD).kid());
        assertNotEquals(key.kid(), SessionKeys.fromConfig("p", OTHER).kid());
        assertThat(key.toString(), containsString(key.kid()));
        assertThat(key.toString(), not(containsString(GOOD)));
        assertThat(key.toString(), not(containsString("[B@")));
    }

    @Test
    void ringSignsWithTheNewestAndVerifiesWithAll() {
        SessionKeyRing ring = SessionKeys.ring(GOOD, List.of(OTHER, GOOD));
        String newest = SessionKeys.kidOf(GOOD.getBytes(StandardCharsets.UTF_8));
        String older = SessionKeys.kidOf(OTHER.getBytes(StandardCharsets.UTF_8));

        assertEquals(newest, ring.signingKey().kid());
        assertTrue(ring.find(older).isPresent());
        assertTrue(ring.find("unknown").isEmpty());
        assertTrue(ring.find(null).isEmpty());
        assertEquals(List.of(newest, older), ring.keys().stream().map(SessionKey::kid).toList());
        assertThat(ring.toString(), not(containsString(GOOD)));
        assertThat(ring.toString(), not(containsString(OTHER)));
    }

    @Test
    void twoKeysWithOneKidAreRefused() {
        SessionKey a = new SessionKey("same", GOOD.getBytes(StandardCharsets.UTF_8));
        SessionKey b = new SessionKey("same", OTHER.getBytes(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> new SessionKeyRing(a, List.of(b)));
    }

    @Test
    void kidMustBeHeaderSafe() {
        byte[] material = GOOD.getBytes(StandardCharsets.UTF_8);
        new SessionKey("0123456789abcdef0123456789abcdef", material); // a Key Vault secret version
        for (String bad : List.of("", " ", "a b", "a\"b", "ü", "k".repeat(129))) {
            assertThrows(IllegalArgumentException.class, () -> new SessionKey(bad, material), bad);
        }
    }

    @Test
    void materialCannotBeChangedFromOutside() {
        byte[] material = GOOD.getBytes(StandardCharsets.UTF_8);
        SessionKey key = new SessionKey("k", material);
        material[0] = 'X';
        key.material()[1] = 'Y';

        assertArrayEquals(GOOD.getBytes(StandardCharsets.UTF_8), key.material());
    }
}
