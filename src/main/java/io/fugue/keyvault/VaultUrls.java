package io.fugue.keyvault;

import java.net.URI;
import java.util.Optional;

/**
 * Maps vault names to URLs with the DNS suffix of the default endpoint, so that references naming another vault
 * stay in the same cloud: {@code https://a.vault.azure.net/} makes {@code b} {@code https://b.vault.azure.net/},
 * {@code https://a.vault.azure.cn/} makes it {@code https://b.vault.azure.cn/}.
 */
final class VaultUrls {

    static final String ENDPOINT_PROPERTY = "fugue.keyvault.endpoint";
    private static final String PUBLIC_CLOUD_SUFFIX = "vault.azure.net";

    private final URI defaultVault;
    private final String suffix;
    private final int port;

    VaultUrls(Optional<URI> endpoint) {
        this.defaultVault = endpoint.map(VaultUrls::normalise).orElse(null);
        if (defaultVault == null) {
            this.suffix = PUBLIC_CLOUD_SUFFIX;
            this.port = -1;
        } else {
            String host = defaultVault.getHost();
            int dot = host.indexOf('.');
            // An IP address (an emulator's) has no DNS suffix to put another vault's name in front of.
            this.suffix = dot < 0 || isIpAddress(host) ? null : host.substring(dot + 1);
            this.port = defaultVault.getPort();
        }
    }

    Optional<URI> defaultVault() {
        return Optional.ofNullable(defaultVault);
    }

    URI forName(String vaultName) {
        if (suffix == null) {
            throw new ReferenceSyntaxException("cannot map vault name '" + vaultName + "' to a URL: the host of "
                    + ENDPOINT_PROPERTY + " (" + defaultVault + ") has no DNS suffix");
        }
        return URI.create("https://" + vaultName + "." + suffix + (port < 0 ? "" : ":" + port) + "/");
    }

    private static boolean isIpAddress(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    /** Validates an endpoint and reduces it to {@code https://host[:port]/}. */
    static URI normalise(URI endpoint) {
        if (!"https".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new ReferenceSyntaxException(ENDPOINT_PROPERTY + " must be an https URL such as "
                    + "https://<vault>.vault.azure.net/, but is '" + endpoint + "'");
        }
        String path = endpoint.getPath();
        if (path != null && !path.isEmpty() && !"/".equals(path)) {
            throw new ReferenceSyntaxException(ENDPOINT_PROPERTY + " must be the vault URL without a path, but is '"
                    + endpoint + "'");
        }
        int port = endpoint.getPort();
        return URI.create("https://" + endpoint.getHost().toLowerCase(java.util.Locale.ROOT)
                + (port < 0 || port == 443 ? "" : ":" + port) + "/");
    }
}
