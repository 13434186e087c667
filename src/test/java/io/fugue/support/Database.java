package io.fugue.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the database holds, read over a connection of the test's own: the same whether the application runs in the
 * test JVM or as a packaged executable.
 */
public final class Database {

    private static final String URL = System.getProperty("quarkus.datasource.jdbc.url",
            System.getenv().getOrDefault("FUGUE_TEST_JDBC_URL", "jdbc:postgresql://localhost:5432/fugue_test"));

    private Database() {
    }

    /** The JDBC URL the tests and the application under test share. */
    public static String url() {
        return URL;
    }

    /** A connection of the test's own, as the shared development role {@code fugue}. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "fugue", "fugue");
    }

    /** Locks these notes' rows in the connection's open transaction, as an edit of them would. */
    public static void lockNotes(Connection holder, Collection<String> ids) throws SQLException {
        try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM notes WHERE id = ANY (?) FOR UPDATE")) {
            lock.setArray(1, holder.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
            lock.executeQuery().close();
        }
    }

    /** Waits until a session of the database waits for a lock this connection holds: the race is then on. */
    public static void awaitSomeoneBlockedBy(Connection holder) throws SQLException, InterruptedException {
        awaitBlockedBy(holder, 1);
    }

    /** Waits until {@code sessions} sessions of the database wait for locks this connection holds (or behind them). */
    public static void awaitBlockedBy(Connection holder, int sessions) throws SQLException, InterruptedException {
        int pid = backendPid(holder);
        // One watcher for the whole wait: a new login per poll is slow on a loaded machine, and the waiting
        // statement is cancelled after the datasource's statement_timeout.
        try (Connection watcher = connect()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (blockedBy(watcher, pid) >= sessions) {
                    return;
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("fewer than " + sessions + " session(s) waited for the lock within 20 s");
    }

    /** How many sessions of the database wait, right now, for a lock this connection holds (or behind them). */
    public static long blockedBy(Connection holder) throws SQLException {
        try (Connection watcher = connect()) {
            return blockedBy(watcher, backendPid(holder));
        }
    }

    private static long blockedBy(Connection watcher, int pid) throws SQLException {
        // Transitively: a second session waiting for the same row queues behind the first waiter, not the holder.
        try (PreparedStatement blocked = watcher.prepareStatement("""
                WITH RECURSIVE waiting(pid) AS (
                    SELECT pid FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))
                    UNION
                    SELECT a.pid FROM pg_stat_activity a JOIN waiting w ON w.pid = ANY (pg_blocking_pids(a.pid)))
                SELECT count(*) FROM waiting""")) {
            blocked.setInt(1, pid);
            try (ResultSet count = blocked.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (PreparedStatement own = connection.prepareStatement("SELECT pg_backend_pid()");
                ResultSet row = own.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    /** Which of these note ids are stored. */
    public static Set<UUID> existingNoteIds(Collection<UUID> ids) {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement("SELECT id FROM notes WHERE id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            Set<UUID> found = new HashSet<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getObject(1, UUID.class));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored password hash of an account. */
    public static Optional<String> passwordHashOf(String username) {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT password_hash FROM accounts WHERE lower(username) = lower(?)")) {
            query.setString(1, username);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many accounts exist. */
    public static long accountCount() {
        try (Reader reader = reader()) {
            return reader.accountCount();
        }
    }

    /** How many notes the account owns. */
    public static long noteCountOf(String username) {
        try (Reader reader = reader()) {
            return reader.noteCountOf(username);
        }
    }

    /** A note as stored, by id. */
    public static Optional<StoredNote> note(String id) {
        try (Reader reader = reader()) {
            return reader.note(id);
        }
    }

    /** The stored username, exactly as kept, of the account with this name in any case. */
    public static Optional<String> usernameOf(String username) {
        try (Reader reader = reader()) {
            return reader.usernameOf(username);
        }
    }

    /** One connection for many reads, e.g. before and after each of hundreds of requests. */
    public static Reader reader() {
        try {
            return new Reader(DriverManager.getConnection(URL, "fugue", "fugue"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads over one connection of its own. */
    public static final class Reader implements AutoCloseable {

        private final Connection connection;

        private Reader(Connection connection) {
            this.connection = connection;
        }

        public long accountCount() {
            return count("SELECT count(*) FROM accounts", null);
        }

        public long noteCountOf(String username) {
            return count("SELECT count(*) FROM notes n JOIN accounts a ON a.id = n.owner_id"
                    + " WHERE lower(a.username) = lower(?)", username);
        }

        public Optional<StoredNote> note(String id) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT title, body, updated_at FROM notes WHERE id = ?::uuid")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new StoredNote(rows.getString(1), rows.getString(2),
                                    rows.getObject(3, OffsetDateTime.class).toInstant()))
                            : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        public Optional<String> usernameOf(String username) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT username FROM accounts WHERE lower(username) = lower(?)")) {
                query.setString(1, username);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private long count(String sql, String parameter) {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                if (parameter != null) {
                    query.setString(1, parameter);
                }
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A row of the notes table. */
    public record StoredNote(String title, String body, Instant updatedAt) {
    }
}
