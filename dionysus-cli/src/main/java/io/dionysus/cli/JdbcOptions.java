package io.dionysus.cli;

import javax.sql.DataSource;
import picocli.CommandLine.Option;

/**
 * Where the outbox table is: a JDBC URL, user and password, from options or the {@code DIONYSUS_JDBC_URL},
 * {@code DIONYSUS_JDBC_USER} and {@code DIONYSUS_JDBC_PASSWORD} environment variables. The runnable jar brings the
 * H2, PostgreSQL and MariaDB/MySQL drivers.
 */
final class JdbcOptions {

    @Option(names = "--jdbc-url", paramLabel = "<url>", defaultValue = "${env:DIONYSUS_JDBC_URL}",
            description = "JDBC URL of the database holding dionysus_outboxes (default: $DIONYSUS_JDBC_URL).")
    String url;

    @Option(names = "--jdbc-user", paramLabel = "<user>", defaultValue = "${env:DIONYSUS_JDBC_USER}",
            description = "Database user (default: $DIONYSUS_JDBC_USER).")
    String user;

    @Option(names = "--jdbc-password", paramLabel = "<password>", defaultValue = "${env:DIONYSUS_JDBC_PASSWORD}",
            description = "Database password (default: $DIONYSUS_JDBC_PASSWORD).")
    String password;

    /**
     * Connections to the outbox's database.
     *
     * @throws picocli.CommandLine.ParameterException (through the caller) when no URL was given
     */
    DataSource dataSource(picocli.CommandLine commandLine) {
        if (url == null || url.isBlank()) {
            throw new picocli.CommandLine.ParameterException(commandLine,
                    "no database: give --jdbc-url or set DIONYSUS_JDBC_URL");
        }
        return new DriverManagerDataSource(url, user, password);
    }
}
