package io.fugue.keyvault;

import static io.fugue.support.Api.COOKIE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fugue.session.TestTokens;
import io.fugue.support.Api;
import io.fugue.testing.keyvault.InjectKeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulatorResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged application, in the prod profile, as it runs in Azure: all three secrets from the vault through
 * the managed-identity flow, the database reached with them, sessions signed with the vault's key.
 */
@QuarkusIntegrationTest
class ProdBootIT {

    @InjectKeyVaultEmulator
    KeyVaultEmulator vault;

    @Test
    void bootsWithEverySecretFromTheVault() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Key Vault' }.data.secrets", equalTo(3));

        String session = Api.newSession("prod");
        assertEquals(vault.latestVersion(KeyVaultEmulatorResource.VAULT, KeyVaultEmulatorResource.SESSION_SIGNING_KEY)
                .orElseThrow(), TestTokens.decode(session, 0).get("kid"), "signed with the vault's key");
        given().cookie(COOKIE, session).when().get("/api/session").then().statusCode(200);
        assertTrue(vault.counters().tokenRequests() >= 1, "the managed-identity endpoint was used");
    }
}
