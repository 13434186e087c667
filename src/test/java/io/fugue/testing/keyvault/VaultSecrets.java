package io.fugue.testing.keyvault;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fugue.testing.secrets.SeededValues;

/**
 * The secrets of one vault: every version of every secret, names compared case-insensitively (the casing of the
 * first version is kept, as Key Vault does). Thread-safe by synchronising on the instance.
 */
final class VaultSecrets {

    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final Pattern VERSION = Pattern.compile("[0-9a-fA-F]{32}");

    private final Clock clock;
    /** Lower-case name to versions, oldest first; sorted so that listings and paging are stable. */
    private final TreeMap<String, List<SecretVersion>> secrets = new TreeMap<>();

    VaultSecrets(Clock clock) {
        this.clock = clock;
    }

    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static boolean isValidVersion(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    synchronized SecretVersion set(String name, String value, String contentType, Map<String, String> tags,
            boolean enabled) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("Invalid secret name: " + name);
        }
        List<SecretVersion> versions = secrets.computeIfAbsent(key(name), k -> new ArrayList<>());
        String storedName = versions.isEmpty() ? name : versions.get(0).name();
        var now = clock.instant();
        SecretVersion created = new SecretVersion(storedName, RunCertificateAuthority.randomHex(16), value,
                contentType, tags, enabled, now, now);
        versions.add(created);
        // Every value, across emulators and class loaders, for the suite's scan of logs and reports.
        SeededValues.record(value);
        return created;
    }

    synchronized Optional<SecretVersion> latest(String name) {
        List<SecretVersion> versions = secrets.get(key(name));
        return versions == null ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    synchronized Optional<SecretVersion> version(String name, String version) {
        return versions(name).stream().filter(v -> v.version().equalsIgnoreCase(version)).findFirst();
    }

    /** All versions of a secret, oldest first; empty when there is no such secret. */
    synchronized List<SecretVersion> versions(String name) {
        return List.copyOf(secrets.getOrDefault(key(name), List.of()));
    }

    /** The latest version of every secret, ordered by name. */
    synchronized List<SecretVersion> latestOfEach() {
        return secrets.values().stream().map(v -> v.get(v.size() - 1)).toList();
    }

    synchronized Optional<SecretVersion> update(String name, String version, Boolean enabled, String contentType,
            Map<String, String> tags) {
        List<SecretVersion> versions = secrets.get(key(name));
        if (versions == null) {
            return Optional.empty();
        }
        for (int i = 0; i < versions.size(); i++) {
            SecretVersion current = versions.get(i);
            if (current.version().equalsIgnoreCase(version)) {
                SecretVersion changed = current.withChanges(enabled, contentType, tags, clock.instant());
                versions.set(i, changed);
                return Optional.of(changed);
            }
        }
        return Optional.empty();
    }

    /** Every value ever stored, for tests that check logs and responses for leaks. */
    synchronized Set<String> values() {
        return secrets.values().stream().flatMap(List::stream).map(SecretVersion::value)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
