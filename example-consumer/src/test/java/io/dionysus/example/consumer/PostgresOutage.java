package io.dionysus.example.consumer;

import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Takes a database of the embedded PostgreSQL server down and back up: while down it accepts no connections and
 * its open ones are ended. Closing brings it back, so a failed test leaves no database down.
 */
final class PostgresOutage implements AutoCloseable {

    private final String name;
    private final DataSource admin = TestDatabases.postgresServer().getPostgresDatabase();

    PostgresOutage(TestDatabase db) {
        this.name = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1).split("\\?")[0];
    }

    void begin() {
        execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }

    void end() {
        execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }

    @Override
    public void close() {
        end();
    }

    private void execute(String sql) {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
