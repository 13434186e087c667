package io.fugue.testing.keyvault;

import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The managed-identity endpoint of Container Apps / App Service ({@code IDENTITY_ENDPOINT}), protocol version
 * 2019-08-01: {@code GET ?api-version=2019-08-01&resource=…[&client_id=…]} with the {@code X-IDENTITY-HEADER}
 * secret. Without {@code client_id} the token is the system-assigned identity's. Tokens are never logged.
 */
final class IdentityEndpointHandler implements HttpHandler {

    static final String PATH = "/msi/token";
    static final String API_VERSION = "2019-08-01";

    private static final Logger LOG = Logger.getLogger(IdentityEndpointHandler.class);

    private final String identityHeader;
    private final TokenIssuer tokens;
    private final FaultInjector faults;
    private final RequestCounters counters;

    IdentityEndpointHandler(String identityHeader, TokenIssuer tokens, FaultInjector faults, RequestCounters counters) {
        this.identityHeader = identityHeader;
        this.tokens = tokens;
        this.faults = faults;
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            counters.count(RequestCounters.Kind.TOKEN);
            HttpExchanges.readBody(exchange, 16 * 1024);
            HttpExchanges.sleep(faults.latency());
            Optional<ApiResponse> response = respond(exchange);
            if (response.isPresent()) {
                HttpExchanges.sendJson(exchange, response.get().status(), response.get().body(), response.get().headers());
                LOG.debugf("Token request -> %d", response.get().status());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "Token request failed");
        } finally {
            exchange.close();
        }
    }

    private Optional<ApiResponse> respond(HttpExchange exchange) {
        Optional<FaultInjector.Fault> fault = faults.next();
        if (fault.isPresent()) {
            return switch (fault.get().kind()) {
                case DROP -> Optional.empty();
                case THROTTLE -> Optional.of(failure(429, "Too many requests.")
                        .withHeader("Retry-After", Integer.toString(fault.get().retryAfterSeconds())));
                case FAIL -> Optional.of(failure(fault.get().status(), "Injected failure."));
            };
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            return Optional.of(failure(405, "Only GET is supported."));
        }
        String header = exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER");
        if (header == null) {
            return Optional.of(failure(400, "Required metadata header X-IDENTITY-HEADER not specified."));
        }
        if (!MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                identityHeader.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(failure(401, "The X-IDENTITY-HEADER value is not valid."));
        }
        Map<String, String> query = HttpExchanges.query(exchange);
        if (!API_VERSION.equals(query.get("api-version"))) {
            return Optional.of(failure(400, "Unsupported api-version; this endpoint speaks " + API_VERSION + "."));
        }
        String resource = query.get("resource");
        if (resource == null || resource.isBlank()) {
            return Optional.of(failure(400, "The resource parameter is required."));
        }
        if (query.containsKey("principal_id") || query.containsKey("object_id") || query.containsKey("mi_res_id")) {
            return Optional.of(failure(400, "The emulator selects user-assigned identities by client_id only."));
        }
        String clientId = query.get("client_id");
        ManagedIdentity identity = clientId == null || clientId.isBlank()
                ? ManagedIdentity.system()
                : ManagedIdentity.userAssigned(clientId);
        TokenIssuer.IssuedToken token = tokens.issue(identity, resource);
        ObjectNode body = KeyVaultJson.MAPPER.createObjectNode()
                .put("access_token", token.accessToken())
                .put("expires_on", Long.toString(token.expiresOn().getEpochSecond()))
                .put("resource", resource)
                .put("token_type", "Bearer")
                .put("client_id", identity.clientId());
        return Optional.of(ApiResponse.ok(body));
    }

    private static ApiResponse failure(int status, String message) {
        ObjectNode body = KeyVaultJson.MAPPER.createObjectNode().put("statusCode", status).put("message", message);
        return new ApiResponse(status, body, Map.of());
    }
}
