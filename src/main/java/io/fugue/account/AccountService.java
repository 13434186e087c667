package io.fugue.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.fugue.datasource.ConstraintViolations;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Registers accounts and checks their credentials. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);
    private static final Pattern USERNAME = Pattern.compile(Account.USERNAME_PATTERN);

    private final PasswordHasher hasher;

    public AccountService(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    /**
     * Creates an account. The password is hashed before the transaction starts: bcrypt takes a good part of a second,
     * and a transaction holds a pooled connection all along, so concurrent sign-ups would otherwise drain the pool
     * for every other request. It also makes a taken username cost as long as a free one.
     *
     * @throws UsernameTakenException when the username is taken, also when a concurrent registration wins the race
     */
    @Transactional(Transactional.TxType.NEVER)
    public Account register(String username, String password) {
        String passwordHash = hasher.hash(password);
        return QuarkusTransaction.requiringNew().call(() -> insert(username, passwordHash));
    }

    private static Account insert(String username, String passwordHash) {
        if (Account.findByUsername(username).isPresent()) {
            throw new UsernameTakenException();
        }
        Account account = new Account();
        account.username = username;
        account.passwordHash = passwordHash;
        account.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            // Flush now so the unique index speaks inside this method, not at commit.
            account.persistAndFlush();
        } catch (PersistenceException e) {
            if (ConstraintViolations.violates(e, ConstraintViolations.UNIQUE)) {
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
        // A name no account can have is not looked up: PostgreSQL's locale-aware lower() would match 'admİn' to
        // 'admin', which the login limiter, lower-casing in Java, counts as another name (one more failure budget).
        Optional<Account> account = USERNAME.matcher(username).matches() ? Account.findByUsername(username)
                : Optional.empty();
        if (account.isEmpty()) {
            hasher.verifyAgainstDummy(password);
            return Optional.empty();
        }
        Optional<Account> matched = account.filter(found -> hasher.verify(password, found.passwordHash));
        matched.filter(found -> hasher.needsRehash(found.passwordHash)).ifPresent(found -> rehash(found, password));
        return matched;
    }

    /**
     * Moves a hash made with an earlier {@code fugue.account.bcrypt-cost} to the current one, once the password is
     * known to match. Only if the hash is still the one checked: a password changed meanwhile stays changed.
     */
    private void rehash(Account account, String password) {
        String upgraded = hasher.hash(password);
        try {
            QuarkusTransaction.requiringNew().run(() -> Account.update(
                    "passwordHash = ?1 where id = ?2 and passwordHash = ?3", upgraded, account.id, account.passwordHash));
        } catch (RuntimeException e) {
            // The password matched: the login stands, and the next one tries the upgrade again.
            LOG.warnf("Could not move account %s to the current bcrypt cost (%s); it stays at its earlier cost",
                    account.id, e.getClass().getName());
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Account> findById(UUID id) {
        return Account.findByIdOptional(id);
    }
}
