package io.fugue.keyvault;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The token scope Key Vault's authentication challenge will name for a vault, known before the challenge arrives, so
 * that the token can be fetched while the first request is still being challenged. The SDK asks for the challenge's
 * {@code resource} plus {@code /.default}; an early token for any other scope would be wasted, so an unknown host
 * gets no guess at all.
 */
final class ChallengeScopes {

    /** The Key Vault DNS suffixes of the Azure clouds; each challenges with {@code resource="https://<suffix>"}. */
    private static final List<String> VAULT_SUFFIXES = List.of("vault.azure.net", "vault.azure.cn",
            "vault.usgovcloudapi.net", "vault.microsoftazure.de");
    private static final String PUBLIC_CLOUD = "https://vault.azure.net/.default";

    private ChallengeScopes() {
    }

    /**
     * {@code https://vault.azure.net/.default} for {@code https://x.vault.azure.net/}, and so on for each cloud;
     * the public cloud's scope for a loopback emulator (it imitates the public cloud's challenge, and a wrong guess
     * costs one unused token request, never a failure); empty for any other host.
     */
    static Optional<String> expected(URI vault) {
        String host = vault.getHost().toLowerCase(Locale.ROOT);
        for (String suffix : VAULT_SUFFIXES) {
            if (host.endsWith("." + suffix)) {
                return Optional.of("https://" + suffix + "/.default");
            }
        }
        return KeyVaultClients.isLoopback(vault) ? Optional.of(PUBLIC_CLOUD) : Optional.empty();
    }
}
