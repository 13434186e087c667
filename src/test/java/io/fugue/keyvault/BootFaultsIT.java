package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fugue.testing.PackagedApplication;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulatorResource;
import io.fugue.testing.keyvault.ManagedIdentityEnvironment;
import io.fugue.testing.keyvault.RequestCounts;

/**
 * What an operator sees when Key Vault fails at boot, checked on the process itself: the packaged application (the
 * jar, or the native executable in {@code -Dnative} builds) started in the prod profile as Azure starts it, with its
 * settings in environment variables and its secrets behind the emulator's managed-identity flow.
 * <p>
 * IT-only by nature: the exit code, how soon the process ends and what it prints cannot be observed from inside a
 * test JVM ({@code UnreachableVaultMessagesTest}, {@code TransientFaultsBootTest} check the messages in-JVM). Each
 * test is one boot, a few seconds each.
 */
class BootFaultsIT {

    private static final String VAULT = KeyVaultEmulatorResource.VAULT;
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The bound: {@code boot-timeout} + 5 s from launch to exit, the JVM's start included (about 3 s of it
     * here, 8-10 s in all on a loaded 2-core machine; the native executable starts in well under a second).
     */
    private static final Duration EXIT_BOUND = BOOT_TIMEOUT.plusSeconds(5);
    /** Printed stack frames, plain ({@code \tat x.y(…)}) or as the JSON log format's frame objects. */
    private static final Pattern FRAME = Pattern.compile("\tat |\"methodName\"");
    /** A failed boot may print a short trace from Quarkus' launcher, never a wall of them (one per credential). */
    private static final int MAX_FRAMES = 40;

    private KeyVaultEmulator emulator;
    private PackagedApplication app;

    @BeforeEach
    void startEmulator() {
        emulator = KeyVaultEmulator.start(VAULT);
        emulator.setSecret(VAULT, KeyVaultEmulatorResource.DB_USERNAME, "fugue");
        emulator.setSecret(VAULT, KeyVaultEmulatorResource.DB_PASSWORD, "fugue");
        emulator.setSecret(VAULT, KeyVaultEmulatorResource.SESSION_SIGNING_KEY, java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(32)));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        emulator.close();
    }

    @Test
    void vaultPortClosedExitsWithTheMessage() {
        int port = PackagedApplication.freePort();
        String endpoint = "https://" + VAULT + ".localhost:" + port + "/";

        String output = failedBoot("vault-port-closed", Map.of("FUGUE_KEYVAULT_ENDPOINT", endpoint));

        assertSays(output, "3 of 3 Key Vault secret reference(s) could not be resolved",
                "Property 'quarkus.datasource.password': secret 'db-password' from vault " + endpoint,
                "Property 'quarkus.datasource.username': secret 'db-username'",
                "Property 'fugue.session.signing-key': secret 'session-signing-key'",
                "connection refused by " + VAULT + ".localhost:" + port,
                "Check fugue.keyvault.endpoint and the network path (firewall, private endpoint)");
    }

    @Test
    void vaultHostUnresolvableExitsWithTheMessage() {
        // The test hosts file maps fugue-kv.localhost, not this name.
        String endpoint = "https://nowhere-kv.localhost:" + emulator.port() + "/";

        String output = failedBoot("vault-host-unresolvable", Map.of("FUGUE_KEYVAULT_ENDPOINT", endpoint));

        assertSays(output, "Property 'quarkus.datasource.password': secret 'db-password' from vault " + endpoint,
                "the last failed attempt was 'nowhere-kv.localhost' does not resolve (DNS)",
                "Check the vault name in the reference and fugue.keyvault.endpoint, and this network's DNS");
    }

    @Test
    void identityEndpointDownExitsNamingTheCredentialChain() {
        String identityEndpoint = "http://127.0.0.1:" + PackagedApplication.freePort() + "/msi/token";

        // Within the same bound as the others: the credential's retries run on daemon threads (KeyVaultClients), so
        // no shutdown hook waits for a retry still sleeping when boot gives up.
        String output = failedBoot("identity-endpoint-down", Map.of(
                ManagedIdentityEnvironment.IDENTITY_ENDPOINT, identityEndpoint));

        assertSays(output, "Property 'quarkus.datasource.password': secret 'db-password' from vault "
                + emulator.vaultUrl(VAULT), "no access token could be obtained for the identity DefaultAzureCredential "
                + "found", "connection refused by " + identityEndpoint, "check that the app has that identity assigned");
    }

    @Test
    void throttlingStormIsWaitedOutWithinTheDeadline() {
        int throttled = 3;
        int retryAfterSeconds = 1;
        emulator.throttleNext(throttled, retryAfterSeconds);

        app = launch("throttling-storm", Map.of("FUGUE_KEYVAULT_BOOT_TIMEOUT", "PT20S"));

        assertTrue(app.awaitReady(Duration.ofSeconds(60)), () -> "not ready:\n" + app.output());
        Matcher resolved = Pattern.compile("Resolved 3 secrets from 1 vault\\(s\\) in (\\d+) ms").matcher(app.output());
        assertTrue(resolved.find(), app.output());
        long resolvedMillis = Long.parseLong(resolved.group(1));
        assertTrue(resolvedMillis >= throttled * retryAfterSeconds * 1000L,
                "each Retry-After was waited out, in sequence: " + resolvedMillis + " ms");
        assertTrue(resolvedMillis < 20_000, "within the deadline: " + resolvedMillis + " ms");
        // The throttled attempts, one challenge, three GETs (and the refresher's first look): nothing given up, no
        // request beyond the storm.
        RequestCounts counts = emulator.counters();
        assertEquals(3, counts.totalSecretGets(), counts::toString);
        assertEquals(1, counts.challenges(), counts::toString);
        assertEquals(throttled + counts.challenges() + counts.totalSecretGets() + counts.listVersions(),
                counts.vaultRequests(), counts::toString);
    }

    /** Boots with these settings (over a working baseline), expects a failed exit within the bound, returns output. */
    private String failedBoot(String name, Map<String, String> environment) {
        return failedBoot(name, environment, EXIT_BOUND);
    }

    private String failedBoot(String name, Map<String, String> environment, Duration exitBound) {
        Map<String, String> settings = new HashMap<>(environment);
        settings.put("FUGUE_KEYVAULT_BOOT_TIMEOUT", BOOT_TIMEOUT.toString());
        app = launch(name, settings);

        OptionalInt exit = app.awaitExit(EXIT_BOUND.plusSeconds(30));
        Duration elapsed = app.elapsed();
        String output = app.output();
        assertTrue(exit.isPresent(), () -> "still running after " + elapsed + ":\n" + output);
        assertNotEquals(0, exit.getAsInt(), output);
        assertTrue(elapsed.compareTo(exitBound) <= 0, () -> "exit " + elapsed + " after launch:\n" + output);
        long frames = FRAME.matcher(output).results().count();
        assertTrue(frames <= MAX_FRAMES, () -> frames + " stack frames printed:\n" + output);
        // The database role's development credentials are "fugue", the application's name: not a findable secret.
        for (String value : emulator.secretValues().stream().filter(v -> !v.equals("fugue")).toList()) {
            assertFalse(output.contains(value), () -> "a secret value in the output:\n" + output);
        }
        assertFalse(output.contains(emulator.identityHeader()), "the identity header is a secret too");
        System.out.println(name + ": exit " + exit.getAsInt() + " " + elapsed.toMillis() + " ms after launch, "
                + frames + " stack frames printed");
        return output;
    }

    /** The application as Azure runs it: the emulator's vault, identity endpoint and trust, the test database. */
    private PackagedApplication launch(String name, Map<String, String> overrides) {
        Map<String, String> environment = new HashMap<>(emulator.managedIdentityEnvironment());
        environment.put("FUGUE_KEYVAULT_ENDPOINT", emulator.vaultUrl(VAULT));
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", System.getProperty("quarkus.datasource.jdbc.url",
                System.getenv().getOrDefault("FUGUE_TEST_JDBC_URL", "jdbc:postgresql://localhost:5432/fugue_test")));
        environment.put("FUGUE_SESSION_SECURE_COOKIE", "false");
        environment.putAll(overrides);
        Map<String, String> properties = new HashMap<>(emulator.trustStore().systemProperties());
        properties.put("jdk.net.hosts.file", System.getProperty("jdk.net.hosts.file"));
        return PackagedApplication.start(name, environment, properties);
    }

    private static void assertSays(String output, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(output.contains(fragment), () -> "expected '" + fragment + "' in:\n" + output);
        }
    }
}
