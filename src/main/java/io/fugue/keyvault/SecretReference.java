package io.fugue.keyvault;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * One secret in one vault, optionally pinned to a version. Names compare case-insensitively, as Key Vault does,
 * so {@code kv//DB-Password} and {@code kv//db-password} are the same secret and fetched once.
 *
 * @param vault the vault URL, e.g. {@code https://fugue-kv.vault.azure.net/}
 * @param name the secret name as written
 * @param version the pinned version, or {@code null} for the latest enabled one
 */
public record SecretReference(URI vault, String name, String version) {

    public Optional<String> pinnedVersion() {
        return Optional.ofNullable(version);
    }

    /** The identity used for caching: vault, lower-cased name and version. */
    public String key() {
        return vault + "secrets/" + name.toLowerCase(Locale.ROOT) + (version == null ? "" : "/" + version);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretReference that && key().equals(that.key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return "'" + name + "'" + (version == null ? "" : " version " + version) + " in " + vault;
    }
}
