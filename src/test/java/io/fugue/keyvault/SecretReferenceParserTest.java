package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretReferenceParserTest {

    private static final String VERSION = "0123456789abcdef0123456789abcdef";
    private final SecretReferenceParser parser = new SecretReferenceParser(
            new VaultUrls(Optional.of(URI.create("https://flask-fugue-kv.vault.azure.net/"))));

    @Test
    void secretInTheDefaultVault() {
        SecretReference ref = parser.parse("p", "kv//db-password");
        assertEquals(URI.create("https://flask-fugue-kv.vault.azure.net/"), ref.vault());
        assertEquals("db-password", ref.name());
        assertNull(ref.version());
    }

    @Test
    void pinnedVersionInTheDefaultVault() {
        SecretReference ref = parser.parse("p", "kv//db-password/versions/" + VERSION);
        assertEquals("db-password", ref.name());
        assertEquals(VERSION, ref.version());
        assertEquals(URI.create("https://flask-fugue-kv.vault.azure.net/"), ref.vault());
    }

    @Test
    void vaultAndSecret() {
        SecretReference ref = parser.parse("p", "kv//other-kv/db-password");
        assertEquals(URI.create("https://other-kv.vault.azure.net/"), ref.vault());
        assertEquals("db-password", ref.name());
        assertNull(ref.version());
    }

    @Test
    void vaultSecretsSecret() {
        SecretReference ref = parser.parse("p", "kv//other-kv/secrets/db-password");
        assertEquals(URI.create("https://other-kv.vault.azure.net/"), ref.vault());
        assertEquals("db-password", ref.name());
        assertNull(ref.version());
    }

    @Test
    void vaultSecretsSecretVersion() {
        SecretReference ref = parser.parse("p", "kv//other-kv/secrets/db-password/" + VERSION);
        assertEquals(URI.create("https://other-kv.vault.azure.net/"), ref.vault());
        assertEquals(VERSION, ref.version());
    }

    @Test
    void vaultSecretsSecretVersionsVersion() {
        SecretReference ref = parser.parse("p", "kv//other-kv/secrets/db-password/versions/" + VERSION);
        assertEquals(URI.create("https://other-kv.vault.azure.net/"), ref.vault());
        assertEquals("db-password", ref.name());
        assertEquals(VERSION, ref.version());
    }

    @Test
    void vaultNamesKeepTheEndpointsCloudAndPort() {
        SecretReferenceParser china = new SecretReferenceParser(
                new VaultUrls(Optional.of(URI.create("https://a-kv.vault.azure.cn/"))));
        assertEquals(URI.create("https://b-kv.vault.azure.cn/"), china.parse("p", "kv//b-kv/x").vault());
        SecretReferenceParser emulator = new SecretReferenceParser(
                new VaultUrls(Optional.of(URI.create("https://fugue-kv.localhost:8443"))));
        assertEquals(URI.create("https://second-kv.localhost:8443/"), emulator.parse("p", "kv//second-kv/x").vault());
    }

    @Test
    void aReferenceNamingItsVaultNeedsNoEndpoint() {
        SecretReferenceParser noEndpoint = new SecretReferenceParser(new VaultUrls(Optional.empty()));
        assertEquals(URI.create("https://other-kv.vault.azure.net/"),
                noEndpoint.parse("p", "kv//other-kv/secrets/x").vault());
        ReferenceSyntaxException e = assertThrows(ReferenceSyntaxException.class,
                () -> noEndpoint.parse("quarkus.datasource.password", "kv//db-password"));
        assertTrue(e.getMessage().contains("'quarkus.datasource.password'"), e.getMessage());
        assertTrue(e.getMessage().contains("fugue.keyvault.endpoint is not set"), e.getMessage());
    }

    @Test
    void namesCompareCaseInsensitively() {
        assertEquals(parser.parse("p", "kv//DB-Password"), parser.parse("q", "kv//db-password"));
        assertEquals(parser.parse("p", "kv//Other-KV/db-password").vault(),
                parser.parse("p", "kv//other-kv/db-password").vault());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "kv//                                  | secret name ''",
            "kv//db_password                       | secret name 'db_password'",
            "kv//db.password                       | secret name 'db.password'",
            "kv//other-kv/                         | secret name ''",
            "kv//db-password/version/abc           | expected <secret>/versions/<version>",
            "kv//other-kv/secret/db-password       | expected <secret>/versions/<version>",
            "kv//other-kv/secret/db-password/abc   | expected 'secrets' where 'secret' is",
            "kv//other-kv/secrets/db-password/version/abc | expected 'versions' where 'version' is",
            "kv//a/secrets/b/versions/c/d          | too many",
            "kv//o/db-password                     | vault name 'o'",
            "kv//1vault/db-password                | vault name '1vault'",
            "kv//my--vault/db-password             | vault name 'my--vault'",
            "kv//db-password/versions/not-hex!     | version 'not-hex!'",
            "kv//db-password/versions/             | version ''",
            "kv//other-kv/secrets/db-password/versions | no version after 'versions'",
    })
    void typosAreRejectedNamingThePropertyAndTheProblem(String reference, String expected) {
        ReferenceSyntaxException e = assertThrows(ReferenceSyntaxException.class,
                () -> parser.parse("fugue.session.signing-key", reference));
        assertTrue(e.getMessage().startsWith("Property 'fugue.session.signing-key' refers to '" + reference + "'"),
                e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void secretNamesAreAtMost127Characters() {
        assertEquals(127, parser.parse("p", "kv//" + "a".repeat(127)).name().length());
        assertThrows(ReferenceSyntaxException.class, () -> parser.parse("p", "kv//" + "a".repeat(128)));
    }
}
