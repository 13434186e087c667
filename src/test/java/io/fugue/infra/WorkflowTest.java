package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GitHub workflows and azure.yaml parse, and name only scripts, Dockerfiles, Maven goals and profiles that
 * exist; the deploy workflow logs in with OpenID Connect only.
 */
class WorkflowTest {

    private static final Set<String> LIFECYCLE = Set.of("clean", "validate", "compile", "test-compile", "test",
            "package", "integration-test", "verify", "install", "deploy");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> jobs(String workflow) {
        Map<Object, Object> yaml = Repo.yaml(workflow);
        Object jobs = yaml.get("jobs");
        assertTrue(jobs instanceof Map, workflow + " has no jobs");
        return (Map<String, Map<String, Object>>) jobs;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.getOrDefault("steps", List.of());
    }

    private static List<String> runCommands(String workflow) {
        List<String> runs = new ArrayList<>();
        jobs(workflow).values().forEach(job -> steps(job).forEach(step -> {
            if (step.get("run") != null) {
                runs.add(step.get("run").toString());
            }
        }));
        return runs;
    }

    @ParameterizedTest
    @ValueSource(strings = {".github/workflows/ci.yml", ".github/workflows/deploy.yml"})
    void workflowParsesWithTriggersAndJobs(String workflow) {
        Map<Object, Object> yaml = Repo.yaml(workflow);
        // YAML 1.1 (SnakeYAML) reads the key `on` as boolean true.
        Object on = yaml.containsKey("on") ? yaml.get("on") : yaml.get(Boolean.TRUE);
        assertNotNull(on, workflow + " has no triggers");
        assertFalse(jobs(workflow).isEmpty());
        jobs(workflow).forEach((name, job) -> {
            assertNotNull(job.get("runs-on"), name + " has no runs-on");
            assertFalse(steps(job).isEmpty(), name + " has no steps");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {".github/workflows/ci.yml", ".github/workflows/deploy.yml"})
    void referencedFilesExist(String workflow) {
        Pattern file = Pattern.compile("(?:^|[\\s\"'=])((?:infra/scripts|scripts|docker)/[\\w./*-]+|\\.ci/run)");
        int found = 0;
        for (String run : runCommands(workflow)) {
            Matcher m = file.matcher(run);
            while (m.find()) {
                String path = m.group(1);
                if (path.contains("*")) {
                    String dir = path.substring(0, path.lastIndexOf('/'));
                    String suffix = path.substring(path.lastIndexOf('*') + 1);
                    assertFalse(Repo.files(dir, suffix).isEmpty(), workflow + ": " + path + " matches nothing");
                } else {
                    assertTrue(Repo.exists(path), workflow + " runs missing " + path);
                }
                found++;
            }
        }
        assertTrue(found > 0, workflow + " references no repository file");
    }

    @ParameterizedTest
    @ValueSource(strings = {".github/workflows/ci.yml", ".github/workflows/deploy.yml"})
    void mavenInvocationsUseExistingGoalsAndProfiles(String workflow) {
        Map<String, String> profiles = Repo.mavenProfiles();
        for (String run : runCommands(workflow)) {
            Matcher m = Pattern.compile("\\./mvnw([^\\n;&|]*)").matcher(run.replace("\\\n", " ").replace("\n", " "));
            while (m.find()) {
                for (String word : m.group(1).strip().split("\\s+")) {
                    if (word.startsWith("-P")) {
                        for (String profile : word.substring(2).split(",")) {
                            assertTrue(profiles.containsKey(profile.replace("!", "")), workflow + ": no Maven profile " + profile);
                        }
                    } else if (word.startsWith("-D") && !word.contains("=")) {
                        String property = word.substring(2);
                        assertTrue(profiles.containsValue(property) || property.equals("skipTests"),
                                workflow + ": -D" + property + " activates no profile");
                    } else if (!word.startsWith("-") && !word.isEmpty()) {
                        assertTrue(LIFECYCLE.contains(word) || word.startsWith("quarkus:"),
                                workflow + ": unknown Maven goal " + word);
                    }
                }
            }
        }
    }

    @Test
    void ciBuildsOnJdk17And25WithPostgresAndANativeJob() {
        Map<String, Map<String, Object>> jobs = jobs(".github/workflows/ci.yml");
        String ci = Repo.read(".github/workflows/ci.yml");
        assertTrue(ci.contains("java: ['17', '25']"), "JDK matrix");
        assertTrue(ci.contains("cache: maven"), "Maven cache");
        assertTrue(jobs.get("jvm").containsKey("services"), "PostgreSQL service for the tests");
        assertTrue(runCommands(".github/workflows/ci.yml").stream().anyMatch(r -> r.contains("./mvnw -B verify")));
        assertTrue(runCommands(".github/workflows/ci.yml").stream()
                .anyMatch(r -> r.contains("-Dnative") && r.contains("-Dquarkus.native.container-build=true")));
        String builder = Repo.read("docker/Dockerfile.native").lines().filter(l -> l.startsWith("FROM ")).findFirst()
                .orElseThrow().split("\\s+")[1];
        assertTrue(ci.contains("MANDREL_BUILDER: " + builder), "CI and the Dockerfile use the same Mandrel builder");
        assertTrue(Repo.read("src/main/resources/application.properties")
                .contains("\nquarkus.native.builder-image=" + builder + "\n"), "so does the README's container build");
        assertTrue(steps(jobs.get("jvm")).stream().anyMatch(s -> "scripts/dev-mode-check.sh".equals(s.get("run"))),
                "dev mode against a vault is checked, as .ci/run does");
        assertTrue(Repo.read(".ci/run").contains("scripts/dev-mode-check.sh"), ".ci/run checks dev mode");
        assertTrue(runCommands(".github/workflows/ci.yml").stream().anyMatch(r -> r.startsWith("shellcheck")
                && List.of("infra/scripts/*.sh", "scripts/*.sh", "scripts/lib/*.sh", ".ci/run").stream().allMatch(r::contains)),
                "every shell script is checked");
        assertFalse(ci.contains("id-token"), "CI has no way to Azure");
        assertTrue(ci.contains("upload-artifact"), "test reports are kept");
    }

    @Test
    void deployLogsInWithOidcOnlyInsideEnvironments() {
        String deploy = Repo.read(".github/workflows/deploy.yml");
        assertFalse(deploy.contains("client-secret") || deploy.contains("creds:") || deploy.contains("secrets."),
                "no stored Azure credential");
        int logins = 0;
        for (Map.Entry<String, Map<String, Object>> job : jobs(".github/workflows/deploy.yml").entrySet()) {
            for (Map<String, Object> step : steps(job.getValue())) {
                if (String.valueOf(step.get("uses")).startsWith("azure/login@")) {
                    logins++;
                    Map<?, ?> with = (Map<?, ?>) step.get("with");
                    assertEquals("${{ vars.AZURE_CLIENT_ID }}", with.get("client-id"));
                    assertEquals(Set.of("client-id", "tenant-id", "subscription-id"), with.keySet());
                    Map<?, ?> permissions = (Map<?, ?>) job.getValue().get("permissions");
                    assertEquals("write", permissions.get("id-token"), job.getKey() + " needs id-token: write");
                    Object environment = job.getValue().get("environment");
                    assertNotNull(environment, job.getKey() + " logs in outside a GitHub environment");
                    String name = environment instanceof Map<?, ?> e ? String.valueOf(e.get("name")) : environment.toString();
                    assertTrue(Set.of("dev", "prod").contains(name), job.getKey() + " runs in " + name);
                }
            }
        }
        assertEquals(2, logins, "dev and prod log in");
        assertTrue(deploy.contains("docker/Dockerfile.native"), "deploys the native image");
        assertTrue(deploy.contains("infra/scripts/smoke-test.sh"), "smoke test after deploying");
        Map<?, ?> topPermissions = (Map<?, ?>) Repo.yaml(".github/workflows/deploy.yml").get("permissions");
        assertFalse(topPermissions.containsKey("id-token"), "only the deploy jobs may request tokens");
    }

    @Test
    void azureYamlPointsAtTheNativeDockerfileAndExistingHooks() {
        Map<Object, Object> azure = Repo.yaml("azure.yaml");
        Map<?, ?> api = (Map<?, ?>) ((Map<?, ?>) azure.get("services")).get("api");
        assertNotNull(api, "service api");
        assertEquals("containerapp", api.get("host"));
        assertEquals("java", api.get("language"));
        String project = String.valueOf(api.get("project"));
        String dockerfile = String.valueOf(((Map<?, ?>) api.get("docker")).get("path"));
        assertEquals("docker/Dockerfile.native", dockerfile);
        assertTrue(Repo.exists(java.nio.file.Path.of(project).resolve(dockerfile).normalize().toString()), dockerfile);
        Map<?, ?> infra = (Map<?, ?>) azure.get("infra");
        assertTrue(Repo.exists(infra.get("path") + "/" + infra.get("module") + ".bicep"), "infra module exists");
        Matcher scripts = Pattern.compile("infra/scripts/[\\w.-]+\\.sh").matcher(Repo.read("azure.yaml"));
        assertTrue(scripts.find(), "azure.yaml runs the bootstrap hook");
        do {
            assertTrue(Repo.exists(scripts.group()), "azure.yaml runs missing " + scripts.group());
        } while (scripts.find());
    }
}
