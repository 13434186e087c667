package io.fugue.testing.keyvault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The secrets operations of one vault, once the request is known to be authorized: get, list (paged), set and
 * update. Answers follow the documented Key Vault 7.x shapes and error codes.
 */
final class SecretsApi {

    /** Key Vault's own cap on {@code maxresults}. */
    static final int MAX_RESULTS = 25;

    private final RequestCounters counters;

    SecretsApi(RequestCounters counters) {
        this.counters = counters;
    }

    ApiResponse answer(EmulatedVault vault, VaultRoute route, Map<String, String> query, byte[] body) {
        if (route.secretName() != null && !VaultSecrets.isValidName(route.secretName())) {
            return ApiResponse.error(400, "BadParameter",
                    "The request URI contains an invalid name: " + route.secretName());
        }
        return switch (route.operation()) {
            case GET -> get(vault, route);
            case LIST_SECRETS -> listSecrets(vault, query);
            case LIST_VERSIONS -> listVersions(vault, route, query);
            case SET -> set(vault, route, body);
            case UPDATE -> update(vault, route, body);
            case METHOD_NOT_ALLOWED -> ApiResponse.error(405, "MethodNotAllowed",
                    "The requested method is not supported by this resource.");
            case UNKNOWN -> ApiResponse.error(404, "NotFound", "The requested resource was not found.");
        };
    }

    private ApiResponse get(EmulatedVault vault, VaultRoute route) {
        counters.countGet(route.secretName());
        var secret = route.version() == null
                ? vault.secrets().latest(route.secretName())
                : vault.secrets().version(route.secretName(), route.version());
        if (secret.isEmpty()) {
            return notFound(route);
        }
        if (!secret.get().enabled()) {
            return ApiResponse.error(403, "Forbidden", "Operation get is not allowed on a disabled secret.",
                    "SecretDisabled");
        }
        return ApiResponse.ok(KeyVaultJson.bundle(vault.baseUrl(), secret.get(), true));
    }

    private ApiResponse listSecrets(EmulatedVault vault, Map<String, String> query) {
        counters.count(RequestCounters.Kind.LIST_SECRETS);
        return page(vault.secrets().latestOfEach(), query, vault.baseUrl() + "/secrets",
                secret -> KeyVaultJson.item(vault.baseUrl(), secret, false));
    }

    private ApiResponse listVersions(EmulatedVault vault, VaultRoute route, Map<String, String> query) {
        counters.count(RequestCounters.Kind.LIST_VERSIONS);
        List<SecretVersion> versions = vault.secrets().versions(route.secretName());
        if (versions.isEmpty()) {
            return notFound(route);
        }
        return page(versions, query, vault.baseUrl() + "/secrets/" + versions.get(0).name() + "/versions",
                secret -> KeyVaultJson.item(vault.baseUrl(), secret, true));
    }

    private ApiResponse set(EmulatedVault vault, VaultRoute route, byte[] body) {
        counters.count(RequestCounters.Kind.SET);
        JsonNode request = parse(body);
        if (request == null || !request.path("value").isTextual()) {
            return ApiResponse.error(400, "BadParameter", "The request body must be a JSON object with a string 'value'.");
        }
        JsonNode enabled = request.path("attributes").path("enabled");
        SecretVersion created = vault.secrets().set(route.secretName(), request.get("value").asText(),
                textOrNull(request.path("contentType")), tags(request.path("tags")),
                !enabled.isBoolean() || enabled.asBoolean());
        return ApiResponse.ok(KeyVaultJson.bundle(vault.baseUrl(), created, true));
    }

    private ApiResponse update(EmulatedVault vault, VaultRoute route, byte[] body) {
        counters.count(RequestCounters.Kind.UPDATE);
        JsonNode request = parse(body);
        if (request == null) {
            return ApiResponse.error(400, "BadParameter", "The request body must be a JSON object.");
        }
        String version = route.version() != null ? route.version()
                : vault.secrets().latest(route.secretName()).map(SecretVersion::version).orElse("");
        JsonNode enabled = request.path("attributes").path("enabled");
        return vault.secrets()
                .update(route.secretName(), version, enabled.isBoolean() ? enabled.asBoolean() : null,
                        textOrNull(request.path("contentType")), tags(request.path("tags")))
                .map(secret -> ApiResponse.ok(KeyVaultJson.bundle(vault.baseUrl(), secret, false)))
                .orElseGet(() -> notFound(route));
    }

    private static ApiResponse page(List<SecretVersion> all, Map<String, String> query, String listUrl,
            Function<SecretVersion, ObjectNode> render) {
        int maxResults;
        int offset;
        try {
            maxResults = query.containsKey("maxresults") ? Integer.parseInt(query.get("maxresults")) : MAX_RESULTS;
            offset = query.containsKey("$skiptoken") ? decodeSkipToken(query.get("$skiptoken")) : 0;
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, "BadParameter", "Invalid maxresults or $skiptoken.");
        }
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            return ApiResponse.error(400, "BadParameter", "maxresults must be between 1 and " + MAX_RESULTS + ".");
        }
        int end = Math.min(all.size(), offset + maxResults);
        List<ObjectNode> items = all.subList(Math.min(offset, end), end).stream().map(render).toList();
        String nextLink = end < all.size()
                ? listUrl + "?api-version=" + query.get("api-version") + "&$skiptoken=" + encodeSkipToken(end)
                        + "&maxresults=" + maxResults
                : null;
        return ApiResponse.ok(KeyVaultJson.page(items, nextLink));
    }

    private static String encodeSkipToken(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeSkipToken(String token) {
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        if (!decoded.startsWith("offset:")) {
            throw new IllegalArgumentException("bad skip token");
        }
        int offset = Integer.parseInt(decoded.substring("offset:".length()));
        if (offset < 0) {
            throw new IllegalArgumentException("bad skip token");
        }
        return offset;
    }

    private static ApiResponse notFound(VaultRoute route) {
        String id = route.version() == null ? route.secretName() : route.secretName() + "/" + route.version();
        return ApiResponse.error(404, "SecretNotFound", "A secret with (name/id) " + id
                + " was not found in this key vault. If you recently deleted this secret you may be able to recover"
                + " it using the correct recovery command. For help resolving this issue, please see"
                + " https://go.microsoft.com/fwlink/?linkid=2125182");
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = KeyVaultJson.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Map<String, String> tags(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        Map<String, String> tags = new HashMap<>();
        node.fields().forEachRemaining(field -> tags.put(field.getKey(), field.getValue().asText()));
        return tags;
    }
}
