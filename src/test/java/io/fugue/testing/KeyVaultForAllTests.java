package io.fugue.testing;

import io.fugue.testing.keyvault.KeyVaultEmulatorResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every Quarkus test runs the application the way production does: its secrets come from the Key Vault emulator
 * through the real SDK and managed-identity flow (see the %test profile).
 */
@WithTestResource(value = KeyVaultEmulatorResource.class, scope = TestResourceScope.GLOBAL)
public final class KeyVaultForAllTests {

    private KeyVaultForAllTests() {
    }
}
