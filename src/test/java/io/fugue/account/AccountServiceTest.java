package io.fugue.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import jakarta.inject.Inject;
import jakarta.transaction.Status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.Database;
import io.fugue.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Registration hashes the password (bcrypt, a good part of a second) before its transaction starts: a transaction
 * holds a pooled connection, and a burst of sign-ups would otherwise leave every other request waiting for one.
 */
@QuarkusTest
@TestProfile(AccountServiceTest.RecordingHasher.class)
class AccountServiceTest {

    /** The application with {@link TransactionRecordingHasher} in place of the hasher. */
    public static class RecordingHasher implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TransactionRecordingHasher.class);
        }
    }

    @Inject
    AccountService accounts;

    @Inject
    PasswordHasher hasher;

    private List<Integer> statuses;

    @BeforeEach
    void clear() {
        statuses = ((TransactionRecordingHasher) hasher).statuses;
        statuses.clear();
    }

    @Test
    void theBcryptWorkRunsOutsideAnyTransaction() {
        Account account = accounts.register(Api.uniqueUsername("tx"), Api.PASSWORD);

        assertEquals(List.of(Status.STATUS_NO_TRANSACTION), statuses);
        assertEquals(account.id, accounts.authenticate(account.username, Api.PASSWORD).orElseThrow().id);
    }

    @Test
    void aTakenUsernameCostsTheSameBcryptWorkAndIsRefused() {
        String username = Api.uniqueUsername("taken");
        accounts.register(username, Api.PASSWORD);

        assertThrows(UsernameTakenException.class, () -> accounts.register(username.toUpperCase(), Api.PASSWORD));
        assertEquals(List.of(Status.STATUS_NO_TRANSACTION, Status.STATUS_NO_TRANSACTION), statuses);
    }

    @Test
    void ofTwoConcurrentSignUpsForOneUsernameExactlyOneWins() throws Exception {
        String username = Api.uniqueUsername("race");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> attempts = List.of(attempt(username, start), attempt(username, start));
        start.countDown();

        long won = attempts.stream().filter(CompletableFuture::join).count();

        assertEquals(1, won);
    }

    /**
     * A sign-up whose name another one is inserting at that moment passes the lookup (the other row is not committed)
     * and is refused by the unique index once the other commits: 409, not 500. The test holds the other insert open
     * until PostgreSQL shows the sign-up waiting for it, so that this path runs every time.
     */
    @Test
    void aSignUpThatMeetsAnotherForTheSameNameIsRefusedByTheUniqueIndex() throws Exception {
        String username = Api.uniqueUsername("race");
        try (Connection other = Database.connect(); LogCapture hibernate = LogCapture.of("org.hibernate", Level.INFO)) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("INSERT INTO accounts (id, username, password_hash, "
                    + "created_at) VALUES (gen_random_uuid(), ?, 'not-a-hash', now())")) {
                insert.setString(1, username);
                insert.executeUpdate();
            }
            CompletableFuture<Account> signUp = CompletableFuture
                    .supplyAsync(() -> accounts.register(username.toUpperCase(), Api.PASSWORD));
            Database.awaitSomeoneBlockedBy(other);
            other.commit();

            ExecutionException refused = assertThrows(ExecutionException.class, () -> signUp.get(30, TimeUnit.SECONDS));
            assertInstanceOf(UsernameTakenException.class, refused.getCause());
            // PostgreSQL's detail names the key ("Key (lower(username))=(…) already exists"); Hibernate logs it at
            // WARN, so every sign-up race would put a username in the logs.
            assertTrue(hibernate.everything().contains("23505"), "the violation is logged: " + hibernate.everything());
            assertFalse(hibernate.everything().toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT)),
                    hibernate::everything);
        }
    }

    private CompletableFuture<Boolean> attempt(String username, CountDownLatch start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
                accounts.register(username, Api.PASSWORD);
                return true;
            } catch (UsernameTakenException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
