package io.fugue.testing.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.lang.ref.Reference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control port that {@code scripts/load.sh} rotates secrets through and takes the values to scan for from. */
class KeyVaultEmulatorMainTest {

    @Test
    void controlPortStoresNewVersionsAndListsEveryValue(@TempDir Path dir) throws Exception {
        Path settingsFile = dir.resolve("emulator.properties");
        Thread main = new Thread(() -> {
            try {
                KeyVaultEmulatorMain.main(new String[] {"--settings", settingsFile.toString()});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "emulator-main");
        main.setDaemon(true);
        main.start();
        for (int i = 0; i < 300 && !Files.exists(settingsFile); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(settingsFile)) {
            settings.load(reader);
        }
        String control = settings.getProperty("control.url");
        try {
            String rotated = "a-rotated-password-" + System.nanoTime();
            HttpResponse<String> set = send(HttpRequest.newBuilder(URI.create(control + "secret?name=db-password"))
                    .POST(BodyPublishers.ofString(rotated)));
            assertEquals(200, set.statusCode(), set.body());
            assertTrue(set.body().matches("version=[0-9a-f]{32}\n"), "the answer names the version: " + set.body());
            assertFalse(set.body().contains(rotated), "the value is never echoed");

            List<String> values = send(HttpRequest.newBuilder(URI.create(control + "seeded-values")).GET()).body()
                    .lines().map(line -> new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8)).toList();
            assertTrue(values.contains(rotated), "the new version is listed");
            assertTrue(values.contains("fugue"), "the seeded first version is still listed");
            assertEquals(3, values.size(), "'fugue' (user and password), the seeded key and the new version: " + values.size());

            assertEquals(400, send(HttpRequest.newBuilder(URI.create(control + "secret?name=db-password"))
                    .POST(BodyPublishers.noBody())).statusCode(), "an empty value is refused");
            assertEquals(400, send(HttpRequest.newBuilder(URI.create(control + "secret?name=db-password")).GET())
                    .statusCode(), "a GET changes nothing");
        } finally {
            send(HttpRequest.newBuilder(URI.create(control + "stop")).GET());
            main.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertFalse(main.isAlive(), "/stop ends the emulator");
    }

    /**
     * A client per request: the JDK client on Java 17 can fail to reconnect ({@code ClosedChannelException}) after the
     * JDK's own HTTP server closed a kept-alive connection, which says nothing about the emulator. The client is kept
     * reachable until its answer is in: on Java 17 a client collected mid-request closes its channels, which failed a
     * CI run the same way.
     */
    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try {
            return client.send(request.build(), BodyHandlers.ofString());
        } finally {
            Reference.reachabilityFence(client);
        }
    }
}
