package io.fugue.testing.keyvault;

/**
 * One vault the emulator serves: its name, the host it answers to ({@code <name>.localhost}) and its secrets.
 *
 * @param baseUrl {@code https://<host>:<port>}, without a trailing slash, the prefix of every secret id
 */
record EmulatedVault(String name, String host, String baseUrl, VaultSecrets secrets) {
}
