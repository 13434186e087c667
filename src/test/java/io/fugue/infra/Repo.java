package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's files as the infrastructure tests read them: the application's configuration, the pom, the
 * Bicep templates, scripts, Dockerfiles and workflows. Plain text and YAML, no Quarkus.
 */
final class Repo {

    static final Path ROOT = findRoot();

    private static final Pattern KV_REFERENCE = Pattern.compile("\\$\\{kv//([^}:]+)(?::[^}]*)?}");

    private Repo() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        Path file = path(relative);
        assertTrue(Files.isRegularFile(file), relative + " is missing");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(String relative) {
        return Files.exists(path(relative));
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> yaml(String relative) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(relative));
        assertTrue(loaded instanceof Map, relative + " is not a YAML mapping");
        return (Map<Object, Object>) loaded;
    }

    static List<Path> files(String directory, String suffix) {
        try (Stream<Path> walk = Files.walk(path(directory))) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- application.properties ----------------------------------------------------------------------------

    /** Property lines of application.properties as key (with its %profile. prefix) to raw value. */
    static Map<String, String> applicationProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : read("src/main/resources/application.properties").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq > 0) {
                properties.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
            }
        }
        return properties;
    }

    /** A key without its profile prefix: {@code %prod.quarkus.datasource.password} becomes the bare key. */
    static String withoutProfile(String key) {
        return key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
    }

    /**
     * The Key Vault secret names the prod profile resolves, by property: {@code %prod.*} entries, and unprofiled
     * ones that no {@code %prod.} entry overrides.
     */
    static Map<String, String> prodSecretReferences() {
        Map<String, String> properties = applicationProperties();
        Map<String, String> effective = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith("%")) {
                effective.putIfAbsent(key, value);
            }
        });
        properties.forEach((key, value) -> {
            if (key.startsWith("%prod.")) {
                effective.put(withoutProfile(key), value);
            }
        });
        Map<String, String> secrets = new LinkedHashMap<>();
        effective.forEach((key, value) -> {
            Matcher m = KV_REFERENCE.matcher(value);
            while (m.find()) {
                secrets.put(key, secretName(m.group(1)));
            }
        });
        return secrets;
    }

    /** The secret of a reference body in every form DESIGN.md lists ({@code name}, {@code vault/secrets/name/…}). */
    static String secretName(String reference) {
        String[] parts = reference.split("/");
        if (parts.length == 1 || (parts.length == 3 && parts[1].equals("versions"))) {
            return parts[0].toLowerCase();
        }
        if (parts.length >= 3 && parts[1].equals("secrets")) {
            return parts[2].toLowerCase();
        }
        return parts[1].toLowerCase();
    }

    // ---- configuration keys and their environment-variable forms -------------------------------------------

    /** Quarkus' environment-variable form of a property name: non-alphanumerics become _, all upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /**
     * Every configuration key fugue is known to read: application.properties, the {@code @ConfigMapping}
     * interfaces in src/main/java, the table of ../shared/DESIGN.md when it is beside the repository, and the
     * Quarkus keys the deployment sets that the properties file leaves to defaults.
     */
    static Set<String> knownConfigKeys() {
        Set<String> keys = new LinkedHashSet<>();
        applicationProperties().keySet().forEach(k -> keys.add(withoutProfile(k)));
        // Commented-out examples in application.properties document keys too ("# fugue.keyvault.endpoint=…").
        Matcher commented = Pattern.compile("(?m)^#\\s*([a-z][a-z0-9.-]+)=").matcher(
                read("src/main/resources/application.properties"));
        while (commented.find()) {
            keys.add(commented.group(1));
        }
        keys.addAll(configMappingKeys());
        Path design = ROOT.resolveSibling("shared").resolve("DESIGN.md");
        if (Files.isRegularFile(design)) {
            try {
                Matcher row = Pattern.compile("(?m)^\\|\\s*`([a-z][a-z0-9.-]+)`\\s*\\|").matcher(Files.readString(design));
                while (row.find()) {
                    keys.add(row.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        keys.addAll(List.of(
                "quarkus.http.host",
                "quarkus.datasource.jdbc.url",
                "quarkus.datasource.username",
                "quarkus.datasource.password"));
        return keys;
    }

    /** Keys of the {@code @ConfigMapping} interfaces: prefix plus each method name in kebab case. */
    static Set<String> configMappingKeys() {
        Set<String> keys = new LinkedHashSet<>();
        Pattern prefix = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
        Pattern method = Pattern.compile("(?m)^\\s+(?:[\\w<>?,. ]+)\\s+(\\w+)\\(\\);");
        for (Path source : files("src/main/java", ".java")) {
            String text;
            try {
                text = Files.readString(source);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher p = prefix.matcher(text);
            if (!p.find()) {
                continue;
            }
            Matcher m = method.matcher(text.substring(p.end()));
            while (m.find()) {
                keys.add(p.group(1) + "." + m.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase());
            }
        }
        return keys;
    }

    // ---- pom.xml ----------------------------------------------------------------------------------------------

    /** artifactId-version: Maven's final name, which prefixes the native runner. */
    static String finalName() {
        String pom = read("pom.xml");
        // The project's own coordinates come before <parent>-less <properties>; skip the <parent> block if any.
        String own = pom.replaceAll("(?s)<parent>.*?</parent>", "");
        Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(own);
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(own);
        assertTrue(artifact.find() && version.find(), "pom.xml has no artifactId/version");
        return artifact.group(1).strip() + "-" + version.group(1).strip();
    }

    /** Profile ids of pom.xml with the property that activates each (null when none). */
    static Map<String, String> mavenProfiles() {
        Map<String, String> profiles = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?s)<profile>(.*?)</profile>").matcher(read("pom.xml"));
        while (m.find()) {
            Matcher id = Pattern.compile("<id>([^<]+)</id>").matcher(m.group(1));
            Matcher property = Pattern.compile("(?s)<property>\\s*<name>([^<]+)</name>").matcher(m.group(1));
            if (id.find()) {
                profiles.put(id.group(1).strip(), property.find() ? property.group(1).strip() : null);
            }
        }
        return profiles;
    }

    static boolean pomHasDependency(String artifactId) {
        return read("pom.xml").contains("<artifactId>" + artifactId + "</artifactId>");
    }

    // ---- shell scripts ------------------------------------------------------------------------------------

    /** First arguments of every call of a shell function, e.g. the NAME of each {@code ensure_secret NAME …}. */
    static List<String> callArguments(String script, String function) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*(?:[^#\\n]*\\|\\s*)?" + Pattern.quote(function) + "\\s+([A-Za-z0-9-]+)")
                .matcher(read(script));
        while (m.find()) {
            names.add(m.group(1).toLowerCase());
        }
        return names;
    }
}
