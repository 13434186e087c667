package io.fugue.account;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

/**
 * The real hasher, which also notes the JTA status each time it hashes a password: a transaction open meanwhile
 * would hold a pooled database connection through the whole bcrypt computation. Only enabled by
 * {@link AccountServiceTest}'s profile. A singleton: a normal-scoped bean would need a no-argument constructor.
 */
@Alternative
@Singleton
public class TransactionRecordingHasher extends PasswordHasher {

    final List<Integer> statuses = new CopyOnWriteArrayList<>();

    private final TransactionManager transactions;

    @Inject
    public TransactionRecordingHasher(AccountConfig config, TransactionManager transactions) {
        super(config);
        this.transactions = transactions;
    }

    @Override
    public String hash(String password) {
        // The superclass constructor hashes once too, before this one has set the field.
        if (transactions != null) {
            try {
                statuses.add(transactions.getStatus());
            } catch (SystemException e) {
                throw new IllegalStateException(e);
            }
        }
        return super.hash(password);
    }
}
