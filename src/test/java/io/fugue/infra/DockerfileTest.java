package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What can be checked of the images without a Docker engine. */
class DockerfileTest {

    /** Instructions of a Dockerfile, continuation lines joined, comments dropped. */
    static List<String> instructions(String dockerfile) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Repo.read(dockerfile).split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            if (!current.isEmpty()) {
                result.add(current.toString());
            }
            current.setLength(0);
        }
        return result;
    }

    /** The instructions of the last stage (what ships). */
    static List<String> finalStage(String dockerfile) {
        List<String> all = instructions(dockerfile);
        int last = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        return all.subList(last, all.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker/Dockerfile.native", "docker/Dockerfile.jvm"})
    void baseImagesArePinnedByTag(String dockerfile) {
        List<String> froms = instructions(dockerfile).stream().filter(i -> i.startsWith("FROM ")).toList();
        assertEquals(2, froms.size(), dockerfile + " is a two-stage build");
        for (String from : froms) {
            String image = from.split("\\s+")[1];
            assertFalse(image.contains("$"), "no image chosen by build argument: " + from);
            int colon = image.lastIndexOf(':');
            assertTrue(colon > image.lastIndexOf('/'), "no tag in " + image);
            String tag = image.substring(colon + 1);
            assertFalse(tag.equals("latest") || tag.isBlank(), "floating tag in " + image);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker/Dockerfile.native", "docker/Dockerfile.jvm"})
    void finalStageRunsAsNonRoot(String dockerfile) {
        List<String> users = finalStage(dockerfile).stream().filter(i -> i.startsWith("USER ")).toList();
        assertFalse(users.isEmpty(), dockerfile + " sets no USER in its final stage");
        String user = users.get(users.size() - 1).substring(5).strip().split(":")[0];
        assertFalse(user.equals("root") || user.equals("0"), dockerfile + " runs as " + user);
    }

    @Test
    void nativeImageCopiesOnlyTheRunnerMavenBuilds() {
        List<String> stage = finalStage("docker/Dockerfile.native");
        assertTrue(stage.get(0).startsWith("FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0"), stage.get(0));
        List<String> copies = stage.stream().filter(i -> i.startsWith("COPY ")).toList();
        assertEquals(1, copies.size(), "only the runner is copied: " + copies);
        String[] words = copies.get(0).split("\\s+");
        String source = words[words.length - 2];
        assertTrue(source.contains("/target/"), "copied from the build's target/: " + source);
        String runner = source.substring(source.indexOf("/target/") + "/target/".length());
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + runner);
        String expected = Repo.finalName() + "-runner";
        assertTrue(glob.matches(Path.of(expected)), runner + " does not match Maven's runner " + expected);
        assertFalse(glob.matches(Path.of("quarkus-run.jar")), "the runner, not the jar");

        String build = String.join("\n", instructions("docker/Dockerfile.native"));
        assertTrue(build.contains("FROM quay.io/quarkus/ubi-quarkus-mandrel-builder-image:jdk-25"), "Mandrel builder");
        assertTrue(build.contains("./mvnw -B package -Dnative -DskipTests"), "native package build");
        assertTrue(build.contains("-Dquarkus.http.host=0.0.0.0"), "listens on all interfaces");
        assertTrue(Repo.mavenProfiles().containsValue("native"), "-Dnative activates a pom profile");
    }

    @Test
    void jvmImageCopiesTheFastJarLayers() {
        String stage = String.join("\n", finalStage("docker/Dockerfile.jvm"));
        assertTrue(stage.startsWith("FROM registry.access.redhat.com/ubi9/openjdk-21-runtime:"), "UBI 9 OpenJDK 21 runtime");
        for (String layer : List.of("quarkus-app/lib/", "quarkus-app/app/", "quarkus-app/quarkus/", "quarkus-app/*.jar")) {
            assertTrue(stage.contains("/target/" + layer), "missing layer " + layer);
        }
        assertTrue(stage.contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\""));
    }

    @Test
    void noCryptoPolicyDowngrade() {
        for (String dockerfile : List.of("docker/Dockerfile.native", "docker/Dockerfile.jvm")) {
            String text = Repo.read(dockerfile);
            assertFalse(text.contains("update-crypto-policies") || text.contains("LEGACY"), dockerfile);
        }
    }

    @Test
    void dockerignoreIsAWhitelistCoveringWhatTheBuildsCopy() {
        List<String> rules = Repo.read(".dockerignore").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", rules.get(0), ".dockerignore starts by excluding everything");
        List<String> allowed = rules.stream().filter(r -> r.startsWith("!")).map(r -> r.substring(1)).toList();
        for (String dockerfile : List.of("docker/Dockerfile.native", "docker/Dockerfile.jvm")) {
            for (String instruction : instructions(dockerfile)) {
                if (!instruction.startsWith("COPY ") || instruction.contains("--from=")) {
                    continue;
                }
                String[] words = instruction.split("\\s+");
                String source = words[words.length - 2];
                assertTrue(allowed.stream().anyMatch(a -> source.equals(a) || source.equals(a.replaceAll("/$", ""))
                        || source.startsWith(a)), dockerfile + " copies " + source + ", which .dockerignore excludes");
            }
        }
        assertFalse(allowed.contains("target/") || allowed.contains(".git"), "no build output or history in the context");
    }

    @Test
    void composeImagesArePinned() {
        @SuppressWarnings("unchecked")
        Map<Object, Object> services = (Map<Object, Object>) Repo.yaml("docker/compose.yaml").get("services");
        assertNotNull(services);
        services.forEach((name, definition) -> {
            Object image = ((Map<?, ?>) definition).get("image");
            if (image != null) {
                Matcher m = Pattern.compile("^[^:]+:(.+)$").matcher(image.toString());
                assertTrue(m.matches() && !m.group(1).equals("latest"), name + " uses " + image);
            } else {
                Object build = ((Map<?, ?>) definition).get("build");
                assertNotNull(build, name + " has neither image nor build");
                String dockerfile = String.valueOf(((Map<?, ?>) build).get("dockerfile"));
                assertTrue(Repo.exists(dockerfile), name + " builds missing " + dockerfile);
            }
        });
    }
}
