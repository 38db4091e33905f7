package io.dionysus.runtime.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases whose outbox DDL ships with the runtime, told apart by JDBC metadata. */
public enum Dialect {
    POSTGRESQL("postgresql"),
    H2("h2"),
    MYSQL("mysql");

    private final String resourceName;

    Dialect(String resourceName) {
        this.resourceName = resourceName;
    }

    /** The classpath resource holding this dialect's DDL, e.g. {@code io/dionysus/outbox/postgresql.sql}. */
    public String ddlResource() {
        return "io/dionysus/outbox/" + resourceName + ".sql";
    }

    /** The dialect of a live connection; MariaDB counts as MySQL. */
    public static Dialect of(Connection connection) throws SQLException {
        Dialect dialect = detect(connection);
        if (dialect == null) {
            throw new SQLException("Dionysus ships outbox DDL for PostgreSQL, H2 and MySQL/MariaDB, not for "
                    + connection.getMetaData().getDatabaseProductName());
        }
        return dialect;
    }

    /** As {@link #of}, or {@code null} for another database (whose outbox table the application made itself). */
    static Dialect detect(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("mysql") || product.contains("mariadb")) {
            return MYSQL;
        }
        return null;
    }
}
