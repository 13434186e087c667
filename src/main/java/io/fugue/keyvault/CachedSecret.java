package io.fugue.keyvault;

import java.time.Instant;

/**
 * A resolved secret value with the version it came from.
 *
 * @param reference what was asked for
 * @param value the secret value; never printed
 * @param version the version id Key Vault answered with
 * @param createdOn when that version was created, or {@code null} when the vault did not say
 */
public record CachedSecret(SecretReference reference, String value, String version, Instant createdOn) {

    @Override
    public String toString() {
        return "CachedSecret[" + reference + ", version " + version + "]";
    }
}
