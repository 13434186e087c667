package io.fugue.testing.keyvault;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The HTTPS front of the vaults: routes by Host header, applies injected faults, runs the bearer challenge, checks
 * tokens and RBAC denials, then hands the request to {@link SecretsApi}. Logs method, host and path only, never
 * bodies, so that secret values stay out of test logs.
 */
final class VaultRequestHandler implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(VaultRequestHandler.class);
    private static final int MAX_BODY_BYTES = 256 * 1024;
    /** 7.x as older SDKs send, or dated versions: azure-security-keyvault-secrets 4.11 sends 2025-07-01. */
    private static final Pattern API_VERSION = Pattern.compile("(7\\.\\d+|20\\d\\d-\\d\\d-\\d\\d)(-preview(\\.\\d+)?)?");
    private static final String FAKE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

    private final Map<String, EmulatedVault> vaultsByHost;
    private final TokenIssuer tokens;
    private final FaultInjector faults;
    private final AccessControl access;
    private final RequestCounters counters;
    private final SecretsApi api;

    VaultRequestHandler(Map<String, EmulatedVault> vaultsByHost, TokenIssuer tokens, FaultInjector faults,
            AccessControl access, RequestCounters counters) {
        this.vaultsByHost = Map.copyOf(vaultsByHost);
        this.tokens = tokens;
        this.faults = faults;
        this.access = access;
        this.counters = counters;
        this.api = new SecretsApi(counters);
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            Optional<ApiResponse> response = respond(exchange);
            if (response.isPresent()) {
                HttpExchanges.sendJson(exchange, response.get().status(), response.get().body(),
                        response.get().headers());
                LOG.debugf("%s %s%s -> %d", exchange.getRequestMethod(), HttpExchanges.host(exchange),
                        exchange.getRequestURI().getRawPath(), response.get().status());
            } else {
                LOG.debugf("%s %s%s -> connection dropped", exchange.getRequestMethod(), HttpExchanges.host(exchange),
                        exchange.getRequestURI().getRawPath());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "Vault request %s %s failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        } finally {
            // Closing before any response was sent closes the connection: that is how a drop is made.
            exchange.close();
        }
    }

    /** The answer, or empty to drop the connection without one. */
    private Optional<ApiResponse> respond(HttpExchange exchange) throws IOException {
        counters.count(RequestCounters.Kind.VAULT_REQUEST);
        byte[] body;
        try {
            body = HttpExchanges.readBody(exchange, MAX_BODY_BYTES);
        } catch (HttpExchanges.BodyTooLargeException e) {
            return Optional.of(ApiResponse.error(413, "RequestEntityTooLarge", "The request body is too large."));
        }
        EmulatedVault vault = vaultsByHost.get(HttpExchanges.host(exchange));
        if (vault == null) {
            return Optional.of(ApiResponse.error(400, "BadParameter",
                    "The host '" + HttpExchanges.host(exchange) + "' is not a vault of this emulator."));
        }
        HttpExchanges.sleep(faults.latency());
        if (faults.isFailing(vault.name())) {
            return Optional.of(ApiResponse.error(503, "ServiceUnavailable", "Injected outage of vault " + vault.name() + "."));
        }
        Optional<FaultInjector.Fault> fault = faults.next();
        if (fault.isPresent()) {
            return injected(fault.get());
        }
        Map<String, String> query = HttpExchanges.query(exchange);
        String apiVersion = query.get("api-version");
        if (apiVersion == null || !API_VERSION.matcher(apiVersion).matches()) {
            return Optional.of(ApiResponse.error(400, "BadParameter",
                    "The api-version query parameter is missing or not supported: " + apiVersion));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || authorization.isBlank()) {
            counters.count(RequestCounters.Kind.CHALLENGE);
            return Optional.of(unauthorized("AKV10000: Request is missing a Bearer or PoP token."));
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(unauthorized("AKV10000: Request is missing a Bearer or PoP token."));
        }
        TokenIssuer.TokenCheck check = tokens.check(authorization.substring(7).trim());
        if (check.identity().isEmpty()) {
            return Optional.of(unauthorized(check.problem()));
        }
        VaultRoute route = VaultRoute.of(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        ManagedIdentity caller = check.identity().get();
        if (route.isDataOperation() && access.isFirewallClosed()) {
            counters.count(RequestCounters.Kind.FORBIDDEN);
            return Optional.of(forbiddenByFirewall(vault, caller));
        }
        if (route.isDataOperation() && access.isDenied(caller)) {
            counters.count(RequestCounters.Kind.FORBIDDEN);
            return Optional.of(forbiddenByRbac(vault, route, caller));
        }
        return Optional.of(api.answer(vault, route, query, body));
    }

    private static Optional<ApiResponse> injected(FaultInjector.Fault fault) {
        return switch (fault.kind()) {
            case DROP -> Optional.empty();
            case THROTTLE -> Optional.of(ApiResponse.error(429, "Throttled",
                    "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached")
                    .withHeader("Retry-After", Integer.toString(fault.retryAfterSeconds())));
            case FAIL -> Optional.of(ApiResponse.error(fault.status(), errorCode(fault.status()),
                    "Injected failure with status " + fault.status() + "."));
        };
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 400 -> "BadParameter";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 429 -> "Throttled";
            case 503 -> "ServiceUnavailable";
            default -> status >= 500 ? "InternalServerError" : "BadRequest";
        };
    }

    /** 401 with the challenge Key Vault sends: where to get a token and for which resource. */
    private static ApiResponse unauthorized(String message) {
        return ApiResponse.error(401, "Unauthorized", message)
                .withHeader("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                        + TokenIssuer.TENANT_ID + "\", resource=\"" + TokenIssuer.KEY_VAULT_RESOURCE + "\"");
    }

    /** Key Vault's answer when its network rules do not allow the client's address (documentation addresses here). */
    private static ApiResponse forbiddenByFirewall(EmulatedVault vault, ManagedIdentity caller) {
        String message = "Client address is not authorized and caller is not a trusted service.\r\n"
                + "Client address: 203.0.113.24\r\n"
                + "Caller: appid=" + caller.clientId() + ";oid=" + caller.objectId() + ";iss=" + TokenIssuer.ISSUER
                + "\r\n"
                + "Vault: " + vault.name() + ";location=westeurope";
        return ApiResponse.error(403, "Forbidden", message, "ForbiddenByFirewall");
    }

    private static ApiResponse forbiddenByRbac(EmulatedVault vault, VaultRoute route, ManagedIdentity caller) {
        String resource = "/subscriptions/" + FAKE_SUBSCRIPTION + "/resourcegroups/fugue-emulator/providers/"
                + "microsoft.keyvault/vaults/" + vault.name()
                + (route.secretName() == null ? "" : "/secrets/" + route.secretName());
        String message = "Caller is not authorized to perform action on resource.\r\n"
                + "If role assignments, deny assignments or role definitions were changed recently, please observe"
                + " propagation time.\r\n"
                + "Caller: appid=" + caller.clientId() + ";oid=" + caller.objectId() + ";iss=" + TokenIssuer.ISSUER
                + "\r\n"
                + "Action: '" + route.operation().dataAction() + "'\r\n"
                + "Resource: '" + resource + "'\r\n"
                + "Assignment: (not found)\r\n"
                + "DenyAssignmentId: null\r\n"
                + "DecisionReason: null \r\n"
                + "Vault: " + vault.name() + ";location=westeurope\r\n";
        return ApiResponse.error(403, "Forbidden", message, "ForbiddenByRbac");
    }
}
