package io.fugue.account;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A user. The username is unique regardless of case (unique index on {@code lower(username)}). */
@Entity
@Table(name = "accounts")
public class Account extends PanacheEntityBase {

    /** What a username can be: ASCII only, so that Java and PostgreSQL agree on its lower case. */
    public static final String USERNAME_PATTERN = "[a-zA-Z0-9_.-]{3,64}";

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    @Column(nullable = false, length = 64)
    public String username;

    /** Modular-crypt bcrypt string, see {@link PasswordHasher}. */
    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Looks the username up case-insensitively, as the unique index compares it. */
    public static Optional<Account> findByUsername(String username) {
        return find("lower(username) = lower(?1)", username).firstResultOptional();
    }

    @Override
    public String toString() {
        return "Account[id=" + id + ", username=" + username + "]";
    }
}
