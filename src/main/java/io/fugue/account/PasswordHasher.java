package io.fugue.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;
import org.wildfly.security.password.util.ModularCrypt;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * Bcrypt password hashing through Elytron.
 *
 * <p>Bcrypt only reads the first 72 bytes of its input, so two long passphrases sharing a 72-byte prefix would be
 * the same password. Rather than refuse long passphrases, every password is first reduced to
 * {@code base64(SHA-256(UTF-8 bytes))}: 44 ASCII characters, no NUL byte, every input byte counts. The bcrypt cost
 * and per-hash salt are unchanged. Requests cap passwords at 1024 characters, so the pre-hash is cheap.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final WildFlyElytronPasswordProvider PROVIDER = WildFlyElytronPasswordProvider.getInstance();

    private final int cost;
    /** Checked for unknown usernames so that they take as long as a wrong password. */
    private final String dummyHash;

    public PasswordHasher(AccountConfig config) {
        this.cost = config.bcryptCost();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.dummyHash = hash(Base64.getEncoder().encodeToString(random));
    }

    /** A modular-crypt bcrypt string ({@code $2a$<cost>$…}) with a fresh random salt. */
    public String hash(String password) {
        return BcryptUtil.bcryptHash(preHash(password), cost);
    }

    /** Whether {@code password} matches {@code hash}; false for a hash that cannot be read. */
    public boolean verify(String password, String hash) {
        return matches(preHash(password), hash);
    }

    /**
     * Elytron computes the candidate bcrypt hash with the stored salt and cost, and the JDK's
     * {@link MessageDigest#isEqual} compares it in time independent of where the bytes differ. Not
     * {@code PasswordFactory.verify}: Elytron 2.x's {@code BCryptPasswordImpl} compares with {@code Arrays.equals},
     * which returns at the first differing byte.
     */
    static boolean matches(String input, String hash) {
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            BCryptPassword stored = (BCryptPassword) factory.translate(ModularCrypt.decode(hash));
            Password candidate = factory.generatePassword(new EncryptablePasswordSpec(input.toCharArray(),
                    new IteratedSaltedPasswordAlgorithmSpec(stored.getIterationCount(), stored.getSalt())));
            return MessageDigest.isEqual(((BCryptPassword) candidate).getHash(), stored.getHash());
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }

    /**
     * Whether a hash was made with another cost than the configured one. Such hashes are replaced at the account's next
     * successful login: until then a wrong password for it takes that cost's time, while an unknown username takes
     * the configured cost's (the dummy hash), which would tell the two apart.
     */
    public boolean needsRehash(String hash) {
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            return ((BCryptPassword) factory.translate(ModularCrypt.decode(hash))).getIterationCount() != cost;
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }

    /** Spends the time of one verification and answers false: used when there is no account to check against. */
    public boolean verifyAgainstDummy(String password) {
        verify(password, dummyHash);
        return false;
    }

    private static String preHash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
