package io.fugue.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URL;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The limits the packaged application starts with in the prod profile, from the shipped {@code application.properties}
 * alone. The packaged-app tests cannot show them: they lift the per-address limits, since all their requests come
 * from 127.0.0.1.
 */
class ProdLimitsTest {

    @Test
    void productionLimitsSignUpsAndFailedLoginsPerAddress() throws IOException {
        LoginLimitConfig limits = prodConfig().getConfigMapping(LoginLimitConfig.class);

        assertEquals(Optional.of(20), limits.clientRegistrations(), "sign-ups per address and hour");
        assertEquals(20, limits.clientFailures());
        assertEquals(5, limits.usernameFailures());
    }

    private static SmallRyeConfig prodConfig() throws IOException {
        URL properties = ProdLimitsTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, 250))
                .withMapping(LoginLimitConfig.class)
                .build();
    }
}
