package io.fugue.session;

import java.util.List;

/**
 * Keys given directly in configuration (Method 1): {@code signing-key} signs, {@code fallback-keys} verify. Built once
 * at startup so a weak key stops the application before it serves anything. {@link SessionKeySources} picks it
 * unless the signing key follows Key Vault.
 */
final class ConfiguredSessionKeySource implements SessionKeySource {

    private final SessionKeyRing ring;

    ConfiguredSessionKeySource(SessionConfig config) {
        this.ring = SessionKeys.ring(config.signingKey(), config.fallbackKeys().orElse(List.of()));
    }

    @Override
    public SessionKeyRing current() {
        return ring;
    }
}
