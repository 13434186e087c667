package io.fugue.session;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.Startup;

/**
 * Keys given directly in configuration (Method 1): {@code signing-key} signs, {@code fallback-keys} verify. Built once
 * at startup so a weak key stops the application before it serves anything. Replace it by declaring another
 * {@link SessionKeySource} bean.
 */
@Startup
@DefaultBean
@ApplicationScoped
public class ConfiguredSessionKeySource implements SessionKeySource {

    private final SessionKeyRing ring;

    public ConfiguredSessionKeySource(SessionConfig config) {
        this.ring = SessionKeys.ring(config.signingKey(), config.fallbackKeys().orElse(List.of()));
    }

    @Override
    public SessionKeyRing current() {
        return ring;
    }
}
