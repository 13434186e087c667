package io.fugue.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
}
