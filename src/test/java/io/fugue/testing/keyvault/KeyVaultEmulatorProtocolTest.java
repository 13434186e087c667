package io.fugue.testing.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The wire protocol, checked with a plain HTTP client: challenge header, identity endpoint rules, token checks,
 * response shapes, paging, chunked request bodies and Host routing.
 */
class KeyVaultEmulatorProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "api-version=2025-07-01";

    private static KeyVaultEmulator emulator;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        emulator = KeyVaultEmulator.start(EmulatorFixture.VAULT, EmulatorFixture.SECOND_VAULT);
        http = HttpClient.newBuilder().sslContext(trusting(emulator.trustStore())).build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void clean() {
        emulator.reset();
        emulator.resetCounters();
    }

    @Test
    void requestWithoutTokenGetsTheChallenge() throws Exception {
        HttpResponse<String> response = send(get(vault("/secrets/db-password?" + API)));

        assertEquals(401, response.statusCode());
        assertEquals("Bearer authorization=\"https://login.microsoftonline.com/" + emulator.tenantId()
                + "\", resource=\"https://vault.azure.net\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("Unauthorized", json(response).at("/error/code").asText());
        assertEquals(1, emulator.counters().challenges());
    }

    @Test
    void identityEndpointIssuesTokensForSystemAndUserAssignedIdentities() throws Exception {
        JsonNode system = json(send(tokenRequest("")));
        assertEquals("Bearer", system.path("token_type").asText());
        assertEquals("https://vault.azure.net", system.path("resource").asText());
        assertEquals(emulator.systemAssignedClientId(), system.path("client_id").asText());
        assertTrue(system.path("expires_on").isTextual(), "epoch seconds as a string");
        assertTrue(Long.parseLong(system.path("expires_on").asText()) > Instant.now().getEpochSecond());

        JsonNode user = json(send(tokenRequest("&client_id=11111111-2222-3333-4444-555555555555")));
        assertEquals("11111111-2222-3333-4444-555555555555", user.path("client_id").asText());
        assertEquals(2, emulator.counters().tokenRequests());
    }

    @Test
    void identityEndpointRequiresItsHeaderAndApiVersion() throws Exception {
        URI uri = URI.create(emulator.identityEndpoint() + "?api-version=2019-08-01&resource=https://vault.azure.net");
        assertEquals(400, send(HttpRequest.newBuilder(uri).GET().build()).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(uri).header("X-IDENTITY-HEADER", "wrong").GET().build()).statusCode());
        URI oldVersion = URI.create(emulator.identityEndpoint() + "?api-version=2017-09-01&resource=https://vault.azure.net");
        assertEquals(400, send(HttpRequest.newBuilder(oldVersion)
                .header("X-IDENTITY-HEADER", emulator.identityHeader()).GET().build()).statusCode());
    }

    @Test
    void tokensAreValidated() throws Exception {
        String token = token("");
        emulator.setSecret(EmulatorFixture.VAULT, "db-password", "fugue");

        assertEquals(200, send(authorized(vault("/secrets/db-password?" + API), token)).statusCode());
        String tampered = token.substring(0, token.length() - 4) + "AAAA";
        assertEquals(401, send(authorized(vault("/secrets/db-password?" + API), tampered)).statusCode());
        assertEquals(401, send(authorized(vault("/secrets/db-password?" + API), "not-a-jwt")).statusCode());

        String otherAudience = json(send(HttpRequest.newBuilder(URI.create(emulator.identityEndpoint()
                + "?api-version=2019-08-01&resource=https://storage.azure.com"))
                .header("X-IDENTITY-HEADER", emulator.identityHeader()).GET().build())).path("access_token").asText();
        HttpResponse<String> wrongAudience = send(authorized(vault("/secrets/db-password?" + API), otherAudience));
        assertEquals(401, wrongAudience.statusCode());
        assertTrue(json(wrongAudience).at("/error/message").asText().startsWith("AKV10022"));
    }

    @Test
    void secretBundleHasTheDocumentedShape() throws Exception {
        String version = emulator.setSecret(EmulatorFixture.VAULT, "Bundle-Shape", "fugue");
        JsonNode bundle = json(send(authorized(vault("/secrets/bundle-shape/?" + API), token(""))));

        assertEquals("fugue", bundle.path("value").asText());
        assertEquals(emulator.vaultUrl(EmulatorFixture.VAULT) + "secrets/Bundle-Shape/" + version, bundle.path("id").asText());
        assertTrue(version.matches("[0-9a-f]{32}"));
        JsonNode attributes = bundle.path("attributes");
        assertTrue(attributes.path("enabled").asBoolean());
        assertTrue(attributes.path("created").isIntegralNumber() && attributes.path("updated").isIntegralNumber());
        assertEquals("Recoverable+Purgeable", attributes.path("recoveryLevel").asText());
    }

    @Test
    void patchChangesAttributesAndAnswersWithoutTheValue() throws Exception {
        String version = emulator.setSecret(EmulatorFixture.VAULT, "api-key", "secret-value");
        HttpResponse<String> response = send(HttpRequest.newBuilder(vault("/secrets/api-key/" + version + "?" + API))
                .header("Authorization", "Bearer " + token(""))
                .header("Content-Type", "application/json")
                .method("PATCH", BodyPublishers.ofString("{\"attributes\":{\"enabled\":false},\"tags\":{\"env\":\"test\"}}"))
                .build());

        JsonNode bundle = json(response);
        assertEquals(200, response.statusCode());
        assertFalse(bundle.has("value"));
        assertFalse(bundle.at("/attributes/enabled").asBoolean());
        assertEquals("test", bundle.at("/tags/env").asText());
        JsonNode disabled = json(send(authorized(vault("/secrets/api-key?" + API), token(""))));
        assertEquals("SecretDisabled", disabled.at("/error/innererror/code").asText());
        assertEquals("Forbidden", disabled.at("/error/code").asText());
    }

    @Test
    void chunkedBodiesAreRead() throws Exception {
        String token = token("");
        HttpResponse<String> put = send(HttpRequest.newBuilder(vault("/secrets/chunked?" + API))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(chunked("{\"value\":\"sent-in-chunks\",\"contentType\":\"text/plain\"}")).build());
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("text/plain", json(put).path("contentType").asText());

        HttpResponse<String> get = send(HttpRequest.newBuilder(vault("/secrets/chunked?" + API))
                .header("Authorization", "Bearer " + token).method("GET", chunked("")).build());
        assertEquals("sent-in-chunks", json(get).path("value").asText());
    }

    @Test
    void listsPageWithNextLink() throws Exception {
        try (KeyVaultEmulator own = KeyVaultEmulator.start(EmulatorFixture.SECOND_VAULT)) {
            for (int i = 0; i < 5; i++) {
                own.setSecret(EmulatorFixture.SECOND_VAULT, "paged-" + i, "v");
            }
            String token = token("");
            List<String> ids = new ArrayList<>();
            URI next = URI.create(own.vaultUrl(EmulatorFixture.SECOND_VAULT) + "secrets?" + API + "&maxresults=2");
            int pages = 0;
            while (next != null) {
                JsonNode page = json(send(authorized(next, token)));
                page.path("value").forEach(item -> ids.add(item.path("id").asText()));
                next = page.path("nextLink").isNull() ? null : URI.create(page.path("nextLink").asText());
                pages++;
            }
            assertEquals(3, pages);
            assertEquals(5, ids.size());
            assertEquals(own.vaultUrl(EmulatorFixture.SECOND_VAULT) + "secrets/paged-0", ids.get(0));
            assertEquals(400, send(authorized(URI.create(own.vaultUrl(EmulatorFixture.SECOND_VAULT)
                    + "secrets?" + API + "&maxresults=26"), token)).statusCode());
        }
    }

    @Test
    void errorsFollowKeyVaultShapes() throws Exception {
        String token = token("");
        JsonNode missing = json(send(authorized(vault("/secrets/nothing-here?" + API), token)));
        assertEquals("SecretNotFound", missing.at("/error/code").asText());
        assertTrue(missing.at("/error/message").asText().startsWith("A secret with (name/id) nothing-here was not found"));

        assertEquals(400, send(authorized(vault("/secrets/bad_name?" + API), token)).statusCode());
        assertEquals(400, send(authorized(vault("/secrets/db-password"), token)).statusCode(), "no api-version");

        emulator.deny(KeyVaultEmulator.SYSTEM_ASSIGNED);
        JsonNode denied = json(send(authorized(vault("/secrets/db-password?" + API), token)));
        assertEquals("Forbidden", denied.at("/error/code").asText());
        assertEquals("ForbiddenByRbac", denied.at("/error/innererror/code").asText());
        assertTrue(denied.at("/error/message").asText().contains("Caller: appid=" + emulator.systemAssignedClientId()
                + ";oid="));

        emulator.throttleNext(1, 7);
        HttpResponse<String> throttled = send(authorized(vault("/secrets/db-password?" + API), token));
        assertEquals(429, throttled.statusCode());
        assertEquals("7", throttled.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("Throttled", json(throttled).at("/error/code").asText());
    }

    @Test
    void vaultsAreToldApartByHost() throws Exception {
        emulator.setSecret(EmulatorFixture.VAULT, "where", "first");
        emulator.setSecret(EmulatorFixture.SECOND_VAULT, "where", "second");
        String token = token("");

        assertEquals("first", json(send(authorized(vault("/secrets/where?" + API), token))).path("value").asText());
        assertEquals("second", json(send(authorized(vault2("/secrets/where?" + API), token))).path("value").asText());
        HttpResponse<String> unknown = send(authorized(
                URI.create("https://localhost:" + emulator.port() + "/secrets/where?" + API), token));
        assertEquals(400, unknown.statusCode());
        assertNotEquals(emulator.latestValue(EmulatorFixture.VAULT, "where"),
                emulator.latestValue(EmulatorFixture.SECOND_VAULT, "where"));
    }

    private static URI vault(String pathAndQuery) {
        return URI.create("https://fugue-kv.localhost:" + emulator.port() + pathAndQuery);
    }

    private static URI vault2(String pathAndQuery) {
        return URI.create("https://second-kv.localhost:" + emulator.port() + pathAndQuery);
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).GET().build();
    }

    private static HttpRequest authorized(URI uri, String token) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build();
    }

    private static HttpRequest tokenRequest(String extraQuery) {
        return HttpRequest.newBuilder(URI.create(emulator.identityEndpoint()
                + "?api-version=2019-08-01&resource=https://vault.azure.net" + extraQuery))
                .header("X-IDENTITY-HEADER", emulator.identityHeader()).GET().build();
    }

    private static String token(String extraQuery) throws Exception {
        return json(send(tokenRequest(extraQuery))).path("access_token").asText();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** A publisher of unknown length, so the JDK client sends {@code Transfer-Encoding: chunked}. */
    private static HttpRequest.BodyPublisher chunked(String body) {
        Flow.Publisher<ByteBuffer> publisher = BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        return BodyPublishers.fromPublisher(publisher);
    }

    private static SSLContext trusting(TrustStoreSettings settings) throws Exception {
        KeyStore store = KeyStore.getInstance(settings.type());
        try (InputStream in = Files.newInputStream(settings.path())) {
            store.load(in, settings.password().toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
