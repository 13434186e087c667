package io.fugue.keyvault;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Parses the property names that {@code ${kv//…}} expressions look up, in every form quarkiverse
 * {@code quarkus-azure-keyvault} accepts so that its users can switch without editing properties.
 */
final class SecretReferenceParser {

    static final String PREFIX = "kv//";

    private static final Pattern SECRET_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    // Azure: 3-24 characters, starts with a letter, ends with a letter or digit, no consecutive hyphens.
    private static final Pattern VAULT_NAME = Pattern.compile("(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]");
    private static final Pattern VERSION = Pattern.compile("[0-9a-zA-Z]{1,64}");
    private static final String SECRETS = "secrets";
    private static final String VERSIONS = "versions";

    private final VaultUrls vaults;

    SecretReferenceParser(VaultUrls vaults) {
        this.vaults = vaults;
    }

    static boolean isReference(String name) {
        return name != null && name.startsWith(PREFIX);
    }

    /**
     * @param property the property whose value holds the reference, named in error messages
     * @param reference the looked-up name, starting with {@code kv//}
     */
    SecretReference parse(String property, String reference) {
        return parse(List.of(property), reference);
    }

    /** The same, naming every property that uses the reference in error messages. */
    SecretReference parse(Collection<String> properties, String reference) {
        String label = properties.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", "));
        return parseLabelled(label, reference);
    }

    private SecretReference parseLabelled(String label, String reference) {
        if (!isReference(reference)) {
            throw error(label, reference, "it does not start with " + PREFIX);
        }
        String path = reference.substring(PREFIX.length());
        String[] parts = path.split("/", -1);
        return switch (parts.length) {
            // kv//<secret>
            case 1 -> secret(label, reference, null, parts[0], null);
            // kv//<vault>/<secret>
            case 2 -> secret(label, reference, parts[0], parts[1], null);
            // kv//<secret>/versions/<version>  or  kv//<vault>/secrets/<secret>
            case 3 -> {
                if (VERSIONS.equals(parts[1])) {
                    yield secret(label, reference, null, parts[0], parts[2]);
                }
                if (SECRETS.equals(parts[1])) {
                    yield secret(label, reference, parts[0], parts[2], null);
                }
                throw error(label, reference, "expected <secret>/versions/<version> or <vault>/secrets/<secret>");
            }
            // kv//<vault>/secrets/<secret>/<version>
            case 4 -> {
                expect(label, reference, parts[1], SECRETS, "<vault>/secrets/<secret>/<version>");
                if (VERSIONS.equals(parts[3])) {
                    // No version is called that: form 6 with its version left out.
                    throw error(label, reference, "no version after 'versions' (form "
                            + "<vault>/secrets/<secret>/versions/<version>)");
                }
                yield secret(label, reference, parts[0], parts[2], parts[3]);
            }
            // kv//<vault>/secrets/<secret>/versions/<version>
            case 5 -> {
                expect(label, reference, parts[1], SECRETS, "<vault>/secrets/<secret>/versions/<version>");
                expect(label, reference, parts[3], VERSIONS, "<vault>/secrets/<secret>/versions/<version>");
                yield secret(label, reference, parts[0], parts[2], parts[4]);
            }
            default -> throw error(label, reference, "too many '/' separated parts");
        };
    }

    private SecretReference secret(String label, String reference, String vault, String name, String version) {
        if (!SECRET_NAME.matcher(name).matches()) {
            throw error(label, reference, "secret name '" + name
                    + "' must be 1-127 characters of letters, digits and '-'");
        }
        if (version != null && !VERSION.matcher(version).matches()) {
            throw error(label, reference, "version '" + version + "' must be letters and digits");
        }
        return new SecretReference(vaultUrl(label, reference, vault), name, version);
    }

    private URI vaultUrl(String label, String reference, String vault) {
        if (vault == null) {
            return vaults.defaultVault().orElseThrow(() -> error(label, reference,
                    "it names no vault and " + VaultUrls.ENDPOINT_PROPERTY + " is not set"));
        }
        if (!VAULT_NAME.matcher(vault).matches()) {
            throw error(label, reference, "vault name '" + vault
                    + "' must be 3-24 letters, digits and single '-', starting with a letter");
        }
        try {
            return vaults.forName(vault.toLowerCase(java.util.Locale.ROOT));
        } catch (ReferenceSyntaxException e) {
            throw error(label, reference, e.getMessage());
        }
    }

    private static void expect(String label, String reference, String actual, String expected, String form) {
        if (!expected.equals(actual)) {
            throw error(label, reference, "expected '" + expected + "' where '" + actual + "' is (form " + form
                    + ")");
        }
    }

    private static ReferenceSyntaxException error(String label, String reference, String why) {
        return new ReferenceSyntaxException("Property " + label + " refers to '" + reference
                + "', which is not a valid Key Vault reference: " + why);
    }
}
