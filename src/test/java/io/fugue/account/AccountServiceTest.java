package io.fugue.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;
import jakarta.transaction.Status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
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
