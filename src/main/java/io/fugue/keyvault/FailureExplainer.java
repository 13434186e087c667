package io.fugue.keyvault;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;

/**
 * Turns a failed secret lookup into one sentence an operator can act on: which property, which secret, which
 * vault, what Key Vault answered and what to check. Never includes a value, a token or a stack trace.
 */
final class FailureExplainer {

    private static final Pattern ERROR_CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Za-z]+)\"");
    private static final Pattern CALLER = Pattern.compile("Caller: ([^\\\\\"\\r\\n]+)");
    private static final Pattern CLIENT_ADDRESS = Pattern.compile("Client address: ([0-9A-Fa-f.:]+)");
    private static final int MAX_DETAIL = 600;
    private static final String CHECK_IDENTITY = " In Azure Container Apps, check that the app has that identity "
            + "assigned and that fugue.keyvault.managed-identity-client-id (or AZURE_CLIENT_ID) is its client id; "
            + "locally, run 'az login'.";

    private final String identity;
    private final RequestStats stats;

    FailureExplainer(String identity, RequestStats stats) {
        this.identity = identity;
        this.stats = stats;
    }

    String explain(Set<String> properties, SecretReference reference, Throwable failure) {
        return "Property " + String.join(", ", properties.stream().map(p -> "'" + p + "'").toList())
                + ": secret '" + reference.name() + "'"
                + reference.pinnedVersion().map(v -> " version " + v).orElse("")
                + " from vault " + reference.vault() + ": " + reason(reference, failure);
    }

    String timeout(Set<String> properties, SecretReference reference, java.time.Duration bootTimeout) {
        String tokenFailure = stats.tokenNeeded() ? stats.lastTokenFailure() : null;
        if (tokenFailure != null) {
            // The credential was still retrying when the deadline came: say so, not "no answer from the vault".
            return explain(properties, reference, null) + "no access token could be obtained for " + identity
                    + " within fugue.keyvault.boot-timeout (" + bootTimeout + "), retries included; the last attempt "
                    + "was " + tokenFailure + "." + CHECK_IDENTITY;
        }
        RequestStats.Failure last = stats.lastFailure(reference.vault().getHost());
        return explain(properties, reference, null) + "no answer within fugue.keyvault.boot-timeout (" + bootTimeout
                + "), retries included" + (last == null ? "" : "; the last failed attempt was " + last.what())
                + ". " + whatToCheck(reference, last == null ? RequestStats.Cause.OTHER : last.cause());
    }

    private static String whatToCheck(SecretReference reference, RequestStats.Cause cause) {
        return switch (cause) {
            case THROTTLED -> "Key Vault kept throttling: reduce the number of replicas starting at once, or raise the "
                    + "timeout.";
            case VAULT_ERROR -> "Key Vault kept failing: check the vault's health (Azure status, resource health), or "
                    + "raise the timeout.";
            case DNS -> "Check the vault name in the reference and fugue.keyvault.endpoint, and this network's DNS "
                    + "(a private endpoint needs its privatelink.vaultcore.azure.net zone).";
            case REFUSED -> "Check fugue.keyvault.endpoint and the network path (firewall, private endpoint).";
            case OTHER -> "Check that " + reference.vault()
                    + " is reachable from here (DNS, firewall, private endpoint) or raise the timeout.";
        };
    }

    /**
     * Whether the vault answered about one secret alone (404 deleted, 403 disabled or not readable, 400, every version
     * disabled): at a refresh, its other secrets are worth asking. 401 (the token refused), 408, 429 and a firewall's
     * 403 are about the vault or the identity, as are 5xx, I/O errors and timeouts.
     */
    static boolean aboutOneSecret(Throwable failure) {
        if (failure instanceof NoEnabledVersionException) {
            return true;
        }
        if (failure instanceof HttpResponseException http && http.getResponse() != null) {
            int status = http.getResponse().getStatusCode();
            return status >= 400 && status < 500 && status != 401 && status != 408 && status != 429
                    && !refusedByNetworkRules(errorCodes(http.getMessage()));
        }
        return false;
    }

    /** Key Vault's 403 for a disabled version: for the latest one, also when an older version is enabled. */
    static boolean isSecretDisabled(Throwable failure) {
        return failure instanceof HttpResponseException http && http.getResponse() != null
                && http.getResponse().getStatusCode() == 403 && errorCodes(http.getMessage()).contains("SecretDisabled");
    }

    /**
     * A refresh's failures on one line: each secret with the vault's answer, and what was not asked; no value.
     *
     * @param started {@link System#nanoTime()} when the refresh began: a deadline names only what failed since
     */
    String refreshFailures(Map<SecretReference, ? extends Throwable> failures, Map<URI, Integer> notAsked,
            long started) {
        List<String> parts = new ArrayList<>();
        failures.forEach((reference, failure) -> parts.add(reference + ": " + brief(reference, failure, started)));
        notAsked.forEach((vault, count) -> parts.add(count + " more secret(s) in " + vault + " not asked"));
        return String.join("; ", parts);
    }

    /**
     * A one-line cause for a log line, e.g. {@code HTTP 503} or {@code ConnectException: Connection refused}; for
     * the deadline, what the attempts hit until then (they are retried until it, so it is what ends them).
     */
    private String brief(SecretReference reference, Throwable failure, long started) {
        if (failure instanceof NoEnabledVersionException) {
            return failure.getMessage();
        }
        if (failure instanceof HttpResponseException http && http.getResponse() != null) {
            List<String> codes = errorCodes(http.getMessage());
            return "HTTP " + http.getResponse().getStatusCode() + (codes.isEmpty() ? "" : " " + String.join("/", codes));
        }
        if (causeOf(failure, TimeoutException.class) != null) {
            RequestStats.Failure last = stats.lastFailureSince(reference.vault().getHost(), started);
            return "no answer within fugue.keyvault.boot-timeout" + (last == null ? ""
                    : ", retries included; the last failed attempt was " + last.what());
        }
        Throwable root = rootCause(failure);
        return oneLine(root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()));
    }

    private String reason(SecretReference reference, Throwable failure) {
        if (failure == null) {
            return "";
        }
        Throwable root = rootCause(failure);
        if (failure instanceof HttpResponseException http && http.getResponse() != null) {
            return httpReason(reference, http);
        }
        if (failure instanceof ClientAuthenticationException || isCredentialFailure(failure)) {
            return "no access token could be obtained for " + identity + " (managed-identity endpoint "
                    + KeyVaultClients.managedIdentityEndpoint() + "). " + credentialDetail(failure) + CHECK_IDENTITY;
        }
        // The JDK client wraps the telling exception: a refused connection is a ConnectException caused by a
        // ClosedChannelException, an untrusted certificate an SSLHandshakeException caused by a validator's.
        if (causeOf(failure, UnknownHostException.class, java.nio.channels.UnresolvedAddressException.class) != null) {
            return "the vault host " + reference.vault().getHost() + " does not resolve (DNS). Check the vault "
                    + "name in the reference and fugue.keyvault.endpoint.";
        }
        Throwable tls = causeOf(failure, SSLException.class);
        if (tls != null) {
            return "the TLS handshake with " + reference.vault() + " failed (" + oneLine(String.valueOf(tls.getMessage()))
                    + "). Check that its certificate is trusted by this JVM (javax.net.ssl.trustStore) and issued for "
                    + reference.vault().getHost() + ".";
        }
        // Before ConnectException: the JDK's connect timeout is an HttpTimeoutException caused by one.
        if (causeOf(failure, HttpTimeoutException.class, TimeoutException.class) != null) {
            return "the vault did not answer in time. Check that " + reference.vault() + " is reachable.";
        }
        if (causeOf(failure, ConnectException.class) != null) {
            return "the connection to " + reference.vault() + " was refused. Check fugue.keyvault.endpoint and "
                    + "the network path (firewall, private endpoint).";
        }
        return "the request failed: " + oneLine(root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    private String httpReason(SecretReference reference, HttpResponseException http) {
        int status = http.getResponse().getStatusCode();
        List<String> codes = errorCodes(http.getMessage());
        String answer = "HTTP " + status + (codes.isEmpty() ? "" : " " + String.join("/", codes)) + ". ";
        if (status == 404) {
            return answer + "No secret named '" + reference.name() + "'"
                    + reference.pinnedVersion().map(v -> " with version " + v).orElse("")
                    + " exists in " + reference.vault() + " (names are case-insensitive). Check the name, the "
                    + "vault, and that the secret was not deleted.";
        }
        if (codes.contains("SecretDisabled")) {
            return answer + "That secret version is disabled. Enable it, or point the reference at an enabled "
                    + "version.";
        }
        if (refusedByNetworkRules(codes)) {
            String address = clientAddress(http.getMessage());
            return answer + "The vault's network rules refused this client" + (address == null ? "" : " (" + address
                    + ")") + ", whatever its role. Allow this network in the vault's firewall (Networking), or reach "
                    + "the vault through its private endpoint from a network linked to privatelink.vaultcore.azure.net.";
        }
        if (status == 401 || status == 403) {
            String caller = caller(http.getMessage());
            return answer + "The vault refused " + identity + (caller == null ? "" : " (" + caller + ")")
                    + ". Grant it the 'Key Vault Secrets User' role on the vault (RBAC), or 'get' and 'list' "
                    + "secret permissions if the vault uses access policies.";
        }
        return answer + "Key Vault could not serve the request; check the vault's health and try again.";
    }

    private static boolean isCredentialFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("com.azure.identity.")) {
                return true;
            }
        }
        return false;
    }

    private static String credentialDetail(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? "" : "The credential chain said: " + oneLine(message);
    }

    static List<String> errorCodes(String message) {
        List<String> codes = new ArrayList<>();
        if (message != null) {
            Matcher matcher = ERROR_CODE.matcher(message);
            while (matcher.find()) {
                codes.add(matcher.group(1));
            }
        }
        return codes;
    }

    static String caller(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = CALLER.matcher(message);
        return matcher.find() ? "Key Vault saw caller " + matcher.group(1).trim() : null;
    }

    /** Key Vault's inner codes for a caller its firewall or private-link settings refuse, whatever its role. */
    private static boolean refusedByNetworkRules(List<String> codes) {
        return codes.contains("ForbiddenByFirewall") || codes.contains("ForbiddenByConnection");
    }

    /** The client address a firewall refusal names (not a secret: the operator needs it for the allow list). */
    private static String clientAddress(String message) {
        Matcher matcher = CLIENT_ADDRESS.matcher(message == null ? "" : message);
        return matcher.find() ? "Key Vault saw address " + matcher.group(1) : null;
    }

    /** The first exception in the cause chain that is one of the types, or {@code null}. */
    @SafeVarargs
    static Throwable causeOf(Throwable failure, Class<? extends Throwable>... types) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
    }
}
