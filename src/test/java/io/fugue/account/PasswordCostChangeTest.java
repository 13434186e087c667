package io.fugue.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.Database;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * After {@code fugue.account.bcrypt-cost} changes, an account's hash moves to the new cost at its next successful
 * login: a wrong password for an old-cost hash would otherwise take another time than an unknown username.
 */
@QuarkusTest
class PasswordCostChangeTest {

    @Inject
    AccountService accounts;

    @Inject
    PasswordHasher hasher;

    @Test
    void aHashOfAnEarlierCostMovesToTheCurrentOneAtTheNextLogin() {
        Account account = accounts.register(Api.uniqueUsername("cost"), Api.PASSWORD);
        // As if made before the cost was changed to this test profile's 4.
        String earlier = new PasswordHasher(() -> 5).hash(Api.PASSWORD);
        storeHash(account.id, earlier);

        assertTrue(accounts.authenticate(account.username, Api.PASSWORD + "!").isEmpty());
        assertEquals(earlier, storedHash(account.id), "a wrong password changes nothing");

        assertTrue(accounts.authenticate(account.username, Api.PASSWORD).isPresent());
        String upgraded = storedHash(account.id);
        assertTrue(upgraded.startsWith("$2a$04$"), upgraded);
        assertTrue(hasher.verify(Api.PASSWORD, upgraded));
        assertTrue(accounts.authenticate(account.username, Api.PASSWORD).isPresent());
        assertEquals(upgraded, storedHash(account.id), "a current hash is left alone");
    }

    /**
     * The upgrade is a separate write after the password matched: when it fails (a brief outage, a read-only
     * failover), the login stands and the hash keeps its earlier cost. The login answered 503.
     */
    @Test
    void aFailedUpgradeDoesNotFailTheLogin() throws SQLException {
        Account account = accounts.register(Api.uniqueUsername("cost-ro"), Api.PASSWORD);
        String earlier = new PasswordHasher(() -> 5).hash(Api.PASSWORD);
        storeHash(account.id, earlier);
        try (Connection connection = Database.connect(); Statement sql = connection.createStatement()) {
            // Refuses any change of this account's hash, as a database that takes no writes would.
            // A run killed before the finally left these behind on a kept database: start clean.
            sql.execute("DROP TRIGGER IF EXISTS refuse_hash_change ON accounts");
            sql.execute("CREATE OR REPLACE FUNCTION refuse_hash_change() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'read-only for this test'; END $$");
            sql.execute("CREATE TRIGGER refuse_hash_change BEFORE UPDATE OF password_hash ON accounts FOR EACH ROW "
                    + "WHEN (OLD.id = '" + account.id + "') EXECUTE FUNCTION refuse_hash_change()");
            try {
                assertTrue(accounts.authenticate(account.username, Api.PASSWORD).isPresent());
                assertEquals(earlier, storedHash(account.id));
            } finally {
                sql.execute("DROP TRIGGER refuse_hash_change ON accounts");
                sql.execute("DROP FUNCTION refuse_hash_change()");
            }
        }
        assertTrue(accounts.authenticate(account.username, Api.PASSWORD).isPresent());
        assertTrue(storedHash(account.id).startsWith("$2a$04$"), "the next login upgrades it");
    }

    private static void storeHash(UUID id, String hash) {
        QuarkusTransaction.requiringNew().run(() -> Account.update("passwordHash = ?1 where id = ?2", hash, id));
    }

    private static String storedHash(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Account.<Account> findById(id).passwordHash);
    }
}
