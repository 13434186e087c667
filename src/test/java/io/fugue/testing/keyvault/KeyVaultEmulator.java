package io.fugue.testing.keyvault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An in-process Azure Key Vault (secrets API, 7.x) and managed-identity endpoint for tests.
 * <p>
 * Vaults are served over HTTPS on one loopback port and told apart by Host header: vault {@code fugue-kv} is
 * {@code https://fugue-kv.localhost:<port>/} (tests map {@code *.localhost} names to 127.0.0.1 with
 * {@code -Djdk.net.hosts.file}). Requests go through the real challenge flow and must carry a bearer token issued by
 * the plain-HTTP identity endpoint ({@link #identityEndpoint()}, Container Apps protocol). The control methods
 * below seed secrets, deny identities, inject faults and count requests; all of them are thread-safe.
 */
public final class KeyVaultEmulator implements AutoCloseable {

    /** Selects the system-assigned identity in {@link #deny(String)} and {@link #allow(String)}. */
    public static final String SYSTEM_ASSIGNED = "system-assigned";

    private static final Pattern VAULT_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]");
    private static final String DNS_SUFFIX = ".localhost";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Map<String, EmulatedVault> vaults;
    private final HttpsServer vaultServer;
    private final HttpServer identityServer;
    private final ExecutorService executor;
    private final String identityHeader;
    private final FaultInjector vaultFaults = new FaultInjector();
    private final FaultInjector tokenFaults = new FaultInjector();
    private final AccessControl access = new AccessControl();
    private final RequestCounters counters = new RequestCounters();

    /**
     * A port no earlier emulator of this JVM used. The SDK caches each vault's challenge per host and port for the
     * JVM's lifetime: on a port seen before, a client skips the challenge, and a test's request counts are off by one.
     * Ports passed over stay bound until a new one is found, so the system does not hand them out again at once.
     */
    private static HttpsServer bindUnusedPort(InetAddress loopback) throws IOException {
        List<HttpsServer> passedOver = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < 100; attempt++) {
                HttpsServer server = HttpsServer.create(new InetSocketAddress(loopback, 0), 0);
                if (JvmShared.claimVaultPort(server.getAddress().getPort())) {
                    return server;
                }
                passedOver.add(server);
            }
            throw new IOException("no port that no earlier Key Vault emulator of this JVM used, in 100 attempts");
        } finally {
            passedOver.forEach(server -> server.stop(0));
        }
    }

    private KeyVaultEmulator(Builder builder) throws IOException {
        InetAddress loopback = loopback();
        int instance = INSTANCES.incrementAndGet();
        executor = Executors.newCachedThreadPool(daemonThreads("keyvault-emulator-" + instance + "-"));
        identityHeader = builder.identityHeader != null ? builder.identityHeader : RunCertificateAuthority.randomHex(16);
        TokenIssuer tokens = new TokenIssuer(builder.clock, builder.tokenLifetime);
        vaultServer = bindUnusedPort(loopback);
        try {
            identityServer = HttpServer.create(new InetSocketAddress(loopback, builder.identityPort), 0);
        } catch (IOException e) {
            vaultServer.stop(0);
            throw e;
        }
        int port = vaultServer.getAddress().getPort();
        Map<String, EmulatedVault> byName = new LinkedHashMap<>();
        Map<String, EmulatedVault> byHost = new LinkedHashMap<>();
        for (String name : builder.vaultNames) {
            String host = name.toLowerCase(Locale.ROOT) + DNS_SUFFIX;
            EmulatedVault vault = new EmulatedVault(name, host, "https://" + host + ":" + port,
                    new VaultSecrets(builder.clock));
            byName.put(name.toLowerCase(Locale.ROOT), vault);
            byHost.put(host, vault);
        }
        vaults = Map.copyOf(byName);
        vaultServer.setHttpsConfigurator(
                new HttpsConfigurator(RunCertificateAuthority.get().serverContext(byHost.keySet())));
        vaultServer.createContext("/", new VaultRequestHandler(byHost, tokens, vaultFaults, access, counters));
        vaultServer.setExecutor(executor);
        identityServer.createContext(IdentityEndpointHandler.PATH,
                new IdentityEndpointHandler(identityHeader, tokens, tokenFaults, counters));
        identityServer.setExecutor(executor);
        vaultServer.start();
        identityServer.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts an emulator serving the named vaults, with an ephemeral identity port and a random identity header. */
    public static KeyVaultEmulator start(String... vaultNames) {
        return builder().vaults(vaultNames).start();
    }

    // ---- addresses -------------------------------------------------------------------------------------------

    /** {@code https://<vault>.localhost:<port>/}, what {@code SecretClientBuilder.vaultUrl} takes. */
    public String vaultUrl(String vault) {
        return vault(vault).baseUrl() + "/";
    }

    /** The HTTPS port all vaults share. */
    public int port() {
        return vaultServer.getAddress().getPort();
    }

    /** The value for {@code IDENTITY_ENDPOINT}: {@code http://127.0.0.1:<port>/msi/token}. */
    public URI identityEndpoint() {
        return URI.create("http://127.0.0.1:" + identityServer.getAddress().getPort() + IdentityEndpointHandler.PATH);
    }

    /** The value for {@code IDENTITY_HEADER}, the shared secret the identity endpoint expects. */
    public String identityHeader() {
        return identityHeader;
    }

    /** {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}, as the hosting platform would set them. */
    public Map<String, String> managedIdentityEnvironment() {
        return Map.of(ManagedIdentityEnvironment.IDENTITY_ENDPOINT, identityEndpoint().toString(),
                ManagedIdentityEnvironment.IDENTITY_HEADER, identityHeader);
    }

    /** The trust store (run-wide) that makes the JVM trust this emulator's certificate. */
    public TrustStoreSettings trustStore() {
        return RunCertificateAuthority.get().trustStore();
    }

    /** The tenant named in challenges and tokens. */
    public String tenantId() {
        return TokenIssuer.TENANT_ID;
    }

    /** The client id tokens of the system-assigned identity carry as {@code appid}. */
    public String systemAssignedClientId() {
        return ManagedIdentity.system().clientId();
    }

    // ---- secrets ---------------------------------------------------------------------------------------------

    /** Stores a new enabled version and returns its 32-hex version id. */
    public String setSecret(String vault, String name, String value) {
        return vault(vault).secrets().set(name, value, null, null, true).version();
    }

    /** Disables one version; {@code null} disables the latest. Fails when there is no such version. */
    public void disable(String vault, String name, String version) {
        setEnabled(vault, name, version, false);
    }

    /** Enables one version again; {@code null} means the latest. */
    public void enable(String vault, String name, String version) {
        setEnabled(vault, name, version, true);
    }

    /** The ids of a secret's enabled versions, oldest first. */
    public List<String> enabledVersions(String vault, String name) {
        return vault(vault).secrets().versions(name).stream().filter(SecretVersion::enabled).map(SecretVersion::version)
                .toList();
    }

    /** The latest version's value, enabled or not. */
    public Optional<String> latestValue(String vault, String name) {
        return vault(vault).secrets().latest(name).map(SecretVersion::value);
    }

    /** The latest version's id. */
    public Optional<String> latestVersion(String vault, String name) {
        return vault(vault).secrets().latest(name).map(SecretVersion::version);
    }

    /** Every value stored in any vault, any version: what must never show up in logs or responses. */
    public Set<String> secretValues() {
        Set<String> values = new HashSet<>();
        vaults.values().forEach(v -> values.addAll(v.secrets().values()));
        return Set.copyOf(values);
    }

    // ---- access ----------------------------------------------------------------------------------------------

    /** Refuses the identity (a client id, or {@link #SYSTEM_ASSIGNED}) with 403 {@code ForbiddenByRbac}. */
    public void deny(String identity) {
        access.deny(identity);
    }

    public void allow(String identity) {
        access.allow(identity);
    }

    /**
     * Closes (or opens) the vaults' network rules: every data request, with a valid token, gets 403
     * {@code ForbiddenByFirewall}, as from an address a vault's firewall does not allow.
     */
    public void firewall(boolean closed) {
        access.firewall(closed);
    }

    // ---- faults ----------------------------------------------------------------------------------------------

    /** Delays every vault request by this much before answering. */
    public void latency(Duration latency) {
        vaultFaults.latency(latency);
    }

    /** Delays every token request by this much before answering. */
    public void tokenLatency(Duration latency) {
        tokenFaults.latency(latency);
    }

    /** Answers the next {@code count} vault requests with 429 {@code Throttled} and {@code Retry-After}. */
    public void throttleNext(int count, int retryAfterSeconds) {
        vaultFaults.add(count, new FaultInjector.Fault(FaultInjector.Fault.Kind.THROTTLE, 429, retryAfterSeconds));
    }

    /** Answers the next {@code count} vault requests with {@code status} and a Key Vault error body. */
    public void failNext(int count, int status) {
        vaultFaults.add(count, new FaultInjector.Fault(FaultInjector.Fault.Kind.FAIL, status, 0));
    }

    /** Answers every request to this vault, and only this one, with 503 until {@link #reset()}. */
    public void failVault(String vault) {
        vaultFaults.failVault(vault);
    }

    /** Closes the connection of the next {@code count} vault requests without answering. */
    public void dropNext(int count) {
        vaultFaults.add(count, new FaultInjector.Fault(FaultInjector.Fault.Kind.DROP, 0, 0));
    }

    /** Answers the next {@code count} token requests with {@code status}. */
    public void failNextTokenRequests(int count, int status) {
        tokenFaults.add(count, new FaultInjector.Fault(FaultInjector.Fault.Kind.FAIL, status, 0));
    }

    /** Clears latencies, queued faults, denials and the firewall. Secrets and counters stay. */
    public void reset() {
        vaultFaults.reset();
        tokenFaults.reset();
        access.reset();
    }

    // ---- counters --------------------------------------------------------------------------------------------

    public RequestCounts counters() {
        return counters.snapshot();
    }

    public void resetCounters() {
        counters.reset();
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /** Stops both servers and their threads; the ports are free when this returns. */
    @Override
    public void close() {
        vaultServer.stop(0);
        identityServer.stop(0);
        executor.shutdownNow();
    }

    private void setEnabled(String vault, String name, String version, boolean enabled) {
        VaultSecrets secrets = vault(vault).secrets();
        String target = version != null ? version
                : secrets.latest(name).map(SecretVersion::version).orElseThrow(() -> noSuchSecret(vault, name));
        secrets.update(name, target, enabled, null, null).orElseThrow(() -> noSuchSecret(vault, name + "/" + target));
    }

    private EmulatedVault vault(String name) {
        EmulatedVault vault = vaults.get(name.toLowerCase(Locale.ROOT));
        if (vault == null) {
            throw new IllegalArgumentException("No vault '" + name + "' in this emulator; vaults: " + vaults.keySet());
        }
        return vault;
    }

    private static IllegalArgumentException noSuchSecret(String vault, String id) {
        return new IllegalArgumentException("No secret " + id + " in vault " + vault);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Options for {@link KeyVaultEmulator}; only the vault names are required. */
    public static final class Builder {

        private final List<String> vaultNames = new ArrayList<>();
        private int identityPort;
        private String identityHeader;
        private Duration tokenLifetime = Duration.ofHours(24);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Adds vaults by name (3–24 characters, letters, digits and hyphens), each served at {@code <name>.localhost}. */
        public Builder vaults(String... names) {
            for (String name : names) {
                if (!VAULT_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("Not a valid vault name: " + name);
                }
                vaultNames.add(name);
            }
            return this;
        }

        /**
         * A fixed port for the identity endpoint, for runs where {@code IDENTITY_ENDPOINT} must be known before the
         * emulator starts (an application launched in another process); 0, the default, picks a free port.
         */
        public Builder identityPort(int port) {
            this.identityPort = port;
            return this;
        }

        /** A fixed {@code IDENTITY_HEADER} value, for the same reason; random by default. */
        public Builder identityHeader(String header) {
            this.identityHeader = header;
            return this;
        }

        /** How long issued tokens live; 24 hours by default, like managed-identity tokens. */
        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public KeyVaultEmulator start() {
            if (vaultNames.isEmpty()) {
                throw new IllegalStateException("Name at least one vault");
            }
            try {
                return new KeyVaultEmulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the Key Vault emulator", e);
            }
        }
    }
}
