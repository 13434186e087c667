package io.fugue.keyvault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How fugue reaches Azure Key Vault. Read while the configuration itself is being built, so only plain values
 * (environment variables, system properties, {@code application.properties}) can set it, never a {@code kv//}
 * reference.
 */
@ConfigMapping(prefix = "fugue.keyvault")
public interface KeyVaultConfig {

    /**
     * Default vault URL, e.g. {@code https://flask-fugue-kv.vault.azure.net/}. References without a vault name
     * resolve against it, and vault names map to {@code https://<vault>.<its DNS suffix>}. When unset, only
     * references that name their vault can be resolved (in the public cloud).
     */
    Optional<URI> endpoint();

    /**
     * Client id of the user-assigned managed identity to authenticate with. {@code AZURE_CLIENT_ID} is honoured
     * when this is unset; with neither, the system-assigned identity (or another credential of the chain) is used.
     */
    Optional<String> managedIdentityClientId();

    /**
     * How often cached secrets are re-checked for new versions; at least {@code PT1S}. A refresh that changed
     * something is followed by another 15 s later (when that is sooner), for rotations of two secrets.
     */
    @WithDefault("PT10M")
    Duration refreshInterval();

    /**
     * Deadline for resolving every reference at boot, retries included. It also bounds each refresh as a whole (the
     * scheduled ones, the operations hook's, and loading the session key's history at startup).
     */
    @WithDefault("PT30S")
    Duration bootTimeout();

    /**
     * Whether the {@code resource} of Key Vault's authentication challenge must match the vault's domain.
     * Always off for loopback hosts (emulators), which are not in Key Vault's domain.
     */
    @WithDefault("true")
    boolean challengeResourceVerification();

    /**
     * Whether properties whose value is a {@code ${kv//…}} reference are SmallRye Config secret keys: config dumps,
     * config logging ({@code smallrye.config.log.values}) and the Dev UI then hide their values, and a plain
     * {@code Config.getValue} of one throws. {@code @ConfigProperty} injection and {@code @ConfigMapping} read them as
     * usual; code that reads one through {@code Config} directly wraps the read in {@code SecretKeys.doUnlocked}.
     */
    @WithDefault("true")
    boolean secretKeys();
}
