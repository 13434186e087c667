package io.fugue.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Dev mode's database, from the shipped {@code application.properties}: Dev Services start PostgreSQL only where no
 * datasource URL is configured, and fill in the credentials only where none are, so the dev profile sets none of them
 * (the Docker path); the {@code local} profile sets all three (the path without Docker). No Docker runs here, so this
 * is what can be checked of the Dev Services path.
 */
class DevDatabaseProfilesTest {

    private static final List<String> DATASOURCE = List.of("quarkus.datasource.jdbc.url", "quarkus.datasource.username",
            "quarkus.datasource.password");

    @Test
    void devModeLeavesTheDatabaseToDevServices() throws IOException {
        SmallRyeConfig dev = config("dev");
        for (String property : DATASOURCE) {
            assertEquals(Optional.empty(), dev.getOptionalValue(property, String.class), property);
        }
    }

    @Test
    void theLocalProfileTakesTheReadmesPostgres() throws IOException {
        SmallRyeConfig local = config("dev", "local");
        assertEquals("jdbc:postgresql://localhost:5432/fugue", local.getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals("fugue", local.getValue("quarkus.datasource.username", String.class));
        assertEquals("fugue", local.getValue("quarkus.datasource.password", String.class));
    }

    private static SmallRyeConfig config(String... profiles) throws IOException {
        URL properties = DevDatabaseProfilesTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .withProfiles(List.of(profiles))
                .withSources(new PropertiesConfigSource(properties, 250))
                .build();
    }
}
