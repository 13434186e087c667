package io.fugue.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

/** Registers accounts and checks their credentials. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class AccountService {

    /** PostgreSQL's SQLSTATE for a unique violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final PasswordHasher hasher;

    public AccountService(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    /**
     * Creates an account.
     *
     * @throws UsernameTakenException when the username is taken, also when a concurrent registration wins the race
     */
    public Account register(String username, String password) {
        if (Account.findByUsername(username).isPresent()) {
            throw new UsernameTakenException();
        }
        Account account = new Account();
        account.username = username;
        account.passwordHash = hasher.hash(password);
        account.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            // Flush now so the unique index speaks inside this method, not at commit.
            account.persistAndFlush();
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw new UsernameTakenException();
            }
            throw e;
        }
        return account;
    }

    /**
     * The account whose username and password match. Unknown usernames cost a bcrypt check too, so that timing does
     * not tell which usernames exist.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Account> authenticate(String username, String password) {
        Optional<Account> account = Account.findByUsername(username);
        if (account.isEmpty()) {
            hasher.verifyAgainstDummy(password);
            return Optional.empty();
        }
        return account.filter(found -> hasher.verify(password, found.passwordHash));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Account> findById(UUID id) {
        return Account.findByIdOptional(id);
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && UNIQUE_VIOLATION.equals(violation.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
