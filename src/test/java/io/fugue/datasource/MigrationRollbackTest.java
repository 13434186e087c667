package io.fugue.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fugue.support.Database;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A rollback to the previous revision, or one of its replicas starting while a deploy is under way, meets a schema
 * that the new revision has already migrated one step further. Quarkus refuses to start on an applied migration it
 * does not know unless {@code quarkus.flyway.ignore-future-migrations} is set (it turns Flyway's own default off), so
 * the shipped configuration sets it, and each migration must be additive for the release before it.
 */
class MigrationRollbackTest {

    @TempDir
    Path previousRelease;

    @Test
    void thePreviousReleaseStartsOnASchemaOneMigrationAhead() throws Exception {
        boolean ignoreFuture = shippedConfig().getOptionalValue("quarkus.flyway.ignore-future-migrations", Boolean.class)
                .orElse(false); // Quarkus' default
        assertTrue(ignoreFuture, "quarkus.flyway.ignore-future-migrations in the prod profile");
        List<Path> migrations = migrations();
        for (Path migration : migrations.subList(0, migrations.size() - 1)) {
            Files.copy(migration, previousRelease.resolve(migration.getFileName()));
        }

        String schema = "rollback_" + UUID.randomUUID().toString().replace("-", "");
        try {
            assertEquals(migrations.size(), flyway(schema, "classpath:db/migration", new String[0]).migrate()
                    .migrationsExecuted, "this release migrates the schema");
            // The previous release's Flyway, configured as Quarkus configures it from the shipped setting.
            Flyway previous = flyway(schema, "filesystem:" + previousRelease, ignoreFuture ? new String[] {"*:Future"}
                    : new String[0]);
            ValidateResult validation = previous.validateWithResult();
            assertTrue(validation.validationSuccessful, () -> String.valueOf(validation.getAllErrorMessages()));
            assertEquals(0, previous.migrate().migrationsExecuted);
            // What the setting prevents: without it the previous release refuses to start.
            assertFalse(flyway(schema, "filesystem:" + previousRelease, new String[0]).validateWithResult()
                    .validationSuccessful);
        } finally {
            try (Connection connection = Database.connect(); Statement drop = connection.createStatement()) {
                drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static Flyway flyway(String schema, String location, String[] ignoreMigrationPatterns) {
        return Flyway.configure()
                .dataSource(Database.url(), "fugue", "fugue")
                .schemas(schema)
                .locations(location)
                .ignoreMigrationPatterns(ignoreMigrationPatterns)
                .load();
    }

    /** The shipped migrations, oldest first. */
    private static List<Path> migrations() throws IOException, URISyntaxException {
        URL folder = MigrationRollbackTest.class.getClassLoader().getResource("db/migration");
        try (Stream<Path> files = Files.list(Paths.get(folder.toURI()))) {
            List<Path> migrations = files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(MigrationRollbackTest::version))
                    .toList();
            assertTrue(migrations.size() >= 2, "a previous release with migrations of its own");
            return migrations;
        }
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static SmallRyeConfig shippedConfig() throws IOException {
        URL properties = MigrationRollbackTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, 250)).build();
    }
}
