package io.fugue.keyvault;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.Configuration;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The one HTTP client and the one credential fugue uses for every vault, and a secrets client per vault built on
 * them. The SDK's default would be a Netty stack per client and a credential per lookup.
 */
public final class KeyVaultClients {

    /** An interrupted token attempt ends in milliseconds; a hung one is not waited for longer than this. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final HttpClient httpClient;
    private final SingleFlightTokenCredential credential;
    private final String identity;
    private final boolean challengeResourceVerification;
    private final RequestStats stats;
    private final Map<URI, VaultClient> clients = new ConcurrentHashMap<>();
    private final ExecutorService credentialThreads = credentialThreads();

    KeyVaultClients(KeyVaultConfig config, RequestStats stats) {
        this.stats = stats;
        this.challengeResourceVerification = config.challengeResourceVerification();
        // The JDK client trusts what javax.net.ssl.trustStore says, so an emulator or a TLS-inspecting proxy is
        // trusted by the JVM's standard settings, without code.
        this.httpClient = new JdkHttpClientBuilder()
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(10))
                .build();
        Optional<String> clientId = config.managedIdentityClientId()
                .or(() -> Optional.ofNullable(Configuration.getGlobalConfiguration().get(Configuration.PROPERTY_AZURE_CLIENT_ID)));
        DefaultAzureCredentialBuilder credentials = new DefaultAzureCredentialBuilder().httpClient(httpClient)
                .executorService(credentialThreads)
                .addPolicy(new TokenFailurePolicy(stats));
        clientId.ifPresent(credentials::managedIdentityClientId);
        this.credential = new SingleFlightTokenCredential(credentials.build());
        this.identity = clientId.map(id -> "the managed identity with client id " + id)
                .orElse("the identity DefaultAzureCredential found (system-assigned managed identity, environment "
                        + "service principal, workload identity or Azure CLI login)");
    }

    /**
     * Token requests run on daemon threads of fugue's own. By default azure-identity uses azure-core's shared
     * executor, whose JVM shutdown hook waits up to 5 s for running tasks: a boot that failed while the credential
     * was still retrying ended seconds after its message. Token requests are single-flight, so the pool stays small.
     */
    private static ExecutorService credentialThreads() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fugue-credential-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Stops the credential's threads and waits briefly for them to end: an attempt interrupted while it retries logs
     * its failure as it unwinds, and a failed boot silences the SDK's logging only until this returns. The HTTP
     * client's own thread ends once nothing references the client.
     */
    void close() {
        credentialThreads.shutdownNow();
        clients.clear();
        try {
            credentialThreads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The secrets client for a vault, built once per vault. */
    SecretAsyncClient forVault(URI vault) {
        return vaultClient(vault).secrets();
    }

    /**
     * Starts fetching the token that the first request to this vault will need once Key Vault has challenged it, so
     * that the challenge and the token request take one round trip instead of two. Nothing when the vault's scope
     * cannot be told in advance ({@link ChallengeScopes}).
     *
     * @return cancels the early request
     */
    Disposable prefetchToken(URI vault) {
        return ChallengeScopes.expected(vault)
                // As the SDK's challenge policy asks: the scope, continuous access evaluation on, no claims.
                .map(scope -> credential.prefetch(new TokenRequestContext().addScopes(scope).setCaeEnabled(true)))
                .orElse(() -> { });
    }

    /**
     * Completes once the vault's client has sent its first request with a token: from then on its requests are
     * authorized without a challenge or a wait for the token. Never completes if no token is obtained.
     */
    Mono<Void> authorized(URI vault) {
        return vaultClient(vault).authorizedSignal().authorized();
    }

    /** A vault's secrets client, and the policy in its pipeline that tells when it first sends a token. */
    private record VaultClient(SecretAsyncClient secrets, AuthorizedSignalPolicy authorizedSignal) {
    }

    private VaultClient vaultClient(URI vault) {
        return clients.computeIfAbsent(vault, this::build);
    }

    /** Where a managed identity gets its tokens, for error messages: the platform's endpoint, or IMDS. */
    static String managedIdentityEndpoint() {
        Configuration environment = Configuration.getGlobalConfiguration();
        return Optional.ofNullable(environment.get("IDENTITY_ENDPOINT"))
                .or(() -> Optional.ofNullable(environment.get("MSI_ENDPOINT")))
                .orElse("http://169.254.169.254/metadata/identity/oauth2/token (IMDS)");
    }

    /** Who fugue authenticates as, for error messages. */
    String identity() {
        return identity;
    }

    private VaultClient build(URI vault) {
        AuthorizedSignalPolicy authorizedSignal = new AuthorizedSignalPolicy();
        SecretClientBuilder builder = new SecretClientBuilder()
                .vaultUrl(vault.toString())
                .credential(credential)
                .httpClient(httpClient)
                .addPolicy(new RequestStatsPolicy(stats))
                .addPolicy(new ContentLengthPolicy())
                .addPolicy(new RetryAfterFloorPolicy())
                .addPolicy(authorizedSignal)
                // Transient faults (429 with Retry-After, 5xx, I/O) are retried with jittered exponential backoff
                // until the caller's deadline (boot-timeout) gives up.
                .retryPolicy(new RetryPolicy(new UntilDeadlineBackoff(Duration.ofMillis(200), Duration.ofSeconds(8))));
        if (!challengeResourceVerification || isLoopback(vault)) {
            // An emulator is not in Key Vault's DNS domain, so its challenge resource cannot match it.
            builder.disableChallengeResourceVerification();
        }
        return new VaultClient(builder.buildAsyncClient(), authorizedSignal);
    }

    static boolean isLoopback(URI vault) {
        String host = vault.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (host.startsWith("[") || Character.isDigit(host.charAt(0))) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
