/**
 * A Key Vault emulator for tests: the secrets REST API over HTTPS, the bearer challenge, a Container Apps style
 * managed-identity endpoint, RBAC denial, fault injection and request counters, driven by the real
 * {@code SecretClient} and {@code DefaultAzureCredential}.
 * <ul>
 * <li>Quarkus tests: {@code @WithTestResource(KeyVaultEmulatorResource.class)} and a
 * {@code @InjectKeyVaultEmulator KeyVaultEmulator emulator;} field to control it.</li>
 * <li>Plain tests: {@link io.fugue.testing.keyvault.KeyVaultEmulator#start(String...)}, then
 * {@link io.fugue.testing.keyvault.JvmTrust#install} and
 * {@link io.fugue.testing.keyvault.ManagedIdentityEnvironment#install} before the first SDK client is built.</li>
 * <li>Every test JVM needs {@code -Djdk.net.hosts.file=src/test/resources/test-hosts} (the pom sets it) so that
 * {@code <vault>.localhost} resolves to 127.0.0.1.</li>
 * </ul>
 */
package io.fugue.testing.keyvault;
