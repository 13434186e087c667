package io.fugue.testing.operations;

import java.util.Map;

import io.fugue.testing.LoopbackPorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives every test application an operations port of its own, free on loopback when the application starts, and
 * tells the tests which one it is ({@value #PORT_PROPERTY}). Returned as configuration, the port reaches an
 * application in the test JVM and, as a {@code -D} option, a packaged one alike; and test runs side by side on one
 * machine never fight over the default port.
 */
public class OperationsPortResource implements QuarkusTestResourceLifecycleManager {

    /** System property of the test JVM holding the operations port of the application under test. */
    public static final String PORT_PROPERTY = "fugue.test.operations.port";

    @Override
    public Map<String, String> start() {
        int port = LoopbackPorts.reserve();
        System.setProperty(PORT_PROPERTY, Integer.toString(port));
        return Map.of("fugue.operations.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        System.clearProperty(PORT_PROPERTY);
    }
}
