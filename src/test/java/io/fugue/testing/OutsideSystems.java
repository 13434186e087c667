package io.fugue.testing;

import io.fugue.testing.keyvault.KeyVaultEmulatorResource;
import io.fugue.testing.operations.OperationsPortResource;
import io.fugue.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The outside systems of every Quarkus test: a real PostgreSQL, and the Key Vault emulator from which the
 * application takes its secrets the way production does, through the real SDK and managed-identity flow. Also, for
 * the same reach (every application, in the test JVM or packaged), a free port for each one's operations hook.
 */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KeyVaultEmulatorResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OperationsPortResource.class, scope = TestResourceScope.GLOBAL)
public final class OutsideSystems {

    private OutsideSystems() {
    }
}
