package io.dionysus.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A fresh, empty database for one test: an H2 in-memory database in PostgreSQL mode, or a new database on the
 * embedded PostgreSQL or MariaDB server.
 *
 * @param kind which engine
 * @param dataSource connections to it
 * @param jdbcUrl its JDBC URL
 */
public record TestDatabase(Kind kind, DataSource dataSource, String jdbcUrl) {

    /** The engines the test kit brings up. */
    public enum Kind { H2, POSTGRESQL, MARIADB }

    /** Runs SQL statements in auto-commit mode. */
    public void execute(String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + kind, e);
        }
    }

    @Override
    public String toString() {
        return kind.toString();
    }
}
