package io.fugue.testing.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class TokenIssuerTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final TokenIssuer issuer = new TokenIssuer(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1));

    @Test
    void acceptsItsOwnTokensAndNamesTheIdentity() {
        ManagedIdentity user = ManagedIdentity.userAssigned("client-1");
        TokenIssuer.IssuedToken token = issuer.issue(user, TokenIssuer.KEY_VAULT_RESOURCE);

        assertEquals(NOW.plus(Duration.ofHours(1)), token.expiresOn());
        assertEquals(user, issuer.check(token.accessToken()).identity().orElseThrow());
        assertEquals(ManagedIdentity.system(),
                issuer.check(issuer.issue(ManagedIdentity.system(), "https://vault.azure.net/").accessToken())
                        .identity().orElseThrow());
    }

    @Test
    void tokensOutliveTheIssuerInstanceButNotTheirExpiry() {
        String token = issuer.issue(ManagedIdentity.system(), TokenIssuer.KEY_VAULT_RESOURCE).accessToken();

        TokenIssuer sameRunLater = new TokenIssuer(Clock.fixed(NOW.plus(Duration.ofMinutes(30)), ZoneOffset.UTC),
                Duration.ofHours(1));
        TokenIssuer muchLater = new TokenIssuer(Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC),
                Duration.ofHours(1));

        assertTrue(sameRunLater.check(token).identity().isPresent());
        assertEquals("Token is expired.", muchLater.check(token).problem());
    }

    @Test
    void rejectsTamperingAndOtherAudiences() {
        String token = issuer.issue(ManagedIdentity.userAssigned("a"), TokenIssuer.KEY_VAULT_RESOURCE).accessToken();
        String[] parts = token.split("\\.");
        String otherPayload = issuer.issue(ManagedIdentity.userAssigned("b"), TokenIssuer.KEY_VAULT_RESOURCE)
                .accessToken().split("\\.")[1];

        assertEquals("Token signature is invalid.",
                issuer.check(parts[0] + "." + otherPayload + "." + parts[2]).problem());
        assertEquals("Token is malformed.", issuer.check("abc").problem());
        assertTrue(issuer.check(issuer.issue(ManagedIdentity.system(), "https://storage.azure.com").accessToken())
                .problem().startsWith("AKV10022"));
    }
}
