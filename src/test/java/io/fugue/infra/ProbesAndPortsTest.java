package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fugue.operations.OperationsConfig;
import io.smallrye.config.WithDefault;

/** The container app probes paths the app serves, on the port it listens on. */
class ProbesAndPortsTest {

    private static final String APP = Bicep.read("infra/modules/app.bicep").code();

    /** SmallRye Health's endpoints under Quarkus' default non-application root. */
    private static Set<String> healthPaths() {
        assertTrue(Repo.pomHasDependency("quarkus-smallrye-health"), "pom.xml must bring SmallRye Health");
        Map<String, String> properties = Repo.applicationProperties();
        for (String key : properties.keySet()) {
            String bare = Repo.withoutProfile(key);
            assertFalse(bare.equals("quarkus.http.non-application-root-path") || bare.startsWith("quarkus.smallrye-health.")
                    && bare.endsWith("path"), key + " moves the health endpoints; update the probes and this test");
        }
        return Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");
    }

    private static List<String> probePaths() {
        List<String> paths = new ArrayList<>();
        Matcher m = Pattern.compile("type:\\s*'(Startup|Liveness|Readiness)'\\s*\\n\\s*httpGet:\\s*\\{\\s*path:\\s*'([^']+)'")
                .matcher(APP);
        while (m.find()) {
            paths.add(m.group(1) + " " + m.group(2));
        }
        return paths;
    }

    @Test
    void probesUseTheHealthEndpoints() {
        List<String> probes = probePaths();
        assertTrue(probes.contains("Liveness /q/health/live"), "liveness probe: " + probes);
        assertTrue(probes.contains("Readiness /q/health/ready"), "readiness probe: " + probes);
        Set<String> served = healthPaths();
        for (String probe : probes) {
            assertTrue(served.contains(probe.substring(probe.indexOf(' ') + 1)), probe + " is not served by the app");
        }
    }

    @Test
    void probesStayWithinContainerAppsLimits() {
        Matcher m = Pattern.compile("failureThreshold:\\s*(\\d+)").matcher(APP);
        int count = 0;
        while (m.find()) {
            int threshold = Integer.parseInt(m.group(1));
            assertTrue(threshold >= 1 && threshold <= 10, "Container Apps accepts failureThreshold 1-10, not " + threshold);
            count++;
        }
        assertEquals(3, count);
    }

    @Test
    void oneHttpPortEverywhere() {
        String port = Repo.applicationProperties().get("quarkus.http.port");
        assertEquals("8080", port, "quarkus.http.port");
        assertTrue(APP.contains("var port = " + port), "app.bicep targets " + port);
        assertTrue(APP.contains("targetPort: port"));
        assertTrue(APP.matches("(?s).*port:\\s*port\\b.*"), "probes use the same port");
        for (String dockerfile : List.of("docker/Dockerfile.native", "docker/Dockerfile.jvm")) {
            assertTrue(Repo.read(dockerfile).contains("EXPOSE " + port), dockerfile + " exposes " + port);
        }
    }

    /** The operations hook has no authentication: it must stay on loopback, behind no ingress and no EXPOSE. */
    @Test
    void operationsPortStaysInsideTheContainer() throws Exception {
        assertEquals("127.0.0.1", OperationsConfig.class.getMethod("host").getAnnotation(WithDefault.class).value(),
                "the operations listener binds to loopback by default");
        String opsPort = OperationsConfig.class.getMethod("port").getAnnotation(WithDefault.class).value();
        assertFalse(opsPort.equals(Repo.applicationProperties().get("quarkus.http.port")), "a port of its own");
        Repo.applicationProperties().forEach((key, value) -> assertFalse(
                Repo.withoutProfile(key).equals("fugue.operations.host") && !key.startsWith("%test")
                        && !value.equals("127.0.0.1") && !value.equals("localhost"),
                key + "=" + value + " would expose the operations hook"));
        assertFalse(APP.contains("additionalPortMappings") || APP.contains("exposedPort"),
                "ingress forwards the public port only");
        assertFalse(APP.contains("FUGUE_OPERATIONS_HOST"), "the container app keeps the hook on loopback");
        String compose = Repo.read("docker/compose.yaml");
        assertFalse(compose.contains(":" + opsPort + "\"") || compose.contains("FUGUE_OPERATIONS_HOST"),
                "compose publishes no operations port");
        for (String dockerfile : List.of("docker/Dockerfile.native", "docker/Dockerfile.jvm")) {
            String text = Repo.read(dockerfile);
            assertFalse(text.matches("(?s).*EXPOSE[^\\n]*\\b" + opsPort + "\\b.*"), dockerfile + " exposes " + opsPort);
            assertFalse(text.contains("fugue.operations.host"), dockerfile + " moves the hook off loopback");
        }
    }

    @Test
    void scaleRuleAndReplicaBoundsArePresent() {
        assertTrue(APP.contains("http: {") && APP.contains("concurrentRequests: string(concurrentRequests)"), "HTTP scale rule");
        assertTrue(APP.contains("minReplicas: minReplicas") && APP.contains("maxReplicas: maxReplicas"));
        // The placeholder image of a first provision cannot pass the probes: no replica may be required then.
        assertTrue(Repo.read("infra/main.bicep").contains("minReplicas: apiExists ? settings.minReplicas : 0"));
        assertTrue(APP.contains("external: true") && APP.contains("allowInsecure: false"), "HTTPS-only external ingress");
    }
}
