package io.dionysus.runtime.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@code dionysus_outboxes} DDL shipped as classpath resources ({@code io/dionysus/outbox/<dialect>.sql}).
 * Copy a resource into your Flyway/Liquibase migrations, or call {@link #install(DataSource)} at start-up; the
 * statements are idempotent.
 *
 * <p>Replicas of a service may all call {@link #install(DataSource)} at once on a fresh database: {@code IF NOT
 * EXISTS} alone races there (PostgreSQL reports {@code duplicate key value violates unique constraint
 * "pg_type_typname_nsp_index"}, H2 {@code object already exists}), so the installers take turns. On PostgreSQL
 * they hold a transaction-scoped advisory lock and install in one transaction; on MySQL/MariaDB they hold a named
 * lock ({@code GET_LOCK}, waiting up to 60 s); H2 has no such lock, so installers in one JVM take turns on a
 * lock of their own, and a statement that fails there is retried for up to 30 s (another process on an H2 server):
 * it is a no-op once the concurrent installer created the object. Whether a table of an earlier version needs
 * {@code skipped_at} is decided in the installer's turn.
 */
public final class OutboxSchema {

    /** The PostgreSQL advisory lock key of the installers: "dionysus" in ASCII. */
    static final long ADVISORY_LOCK_KEY = 0x64696f6e79737573L;
    /** The MySQL/MariaDB named lock of the installers. */
    static final String NAMED_LOCK = "dionysus_outboxes_schema";
    static final int LOCK_WAIT_SECONDS = 60;
    /** How long an H2 installer retries a statement that a concurrent installer makes fail. */
    private static final long H2_RETRY_MILLIS = 30_000;
    private static final Object H2_INSTALLERS = new Object();

    private OutboxSchema() {
    }

    /**
     * Creates the outbox table and its indexes if they do not exist, in the dialect of the database. Safe to call
     * from several processes at once.
     *
     * @throws OutboxException when the database fails or is not PostgreSQL, H2 or MySQL/MariaDB
     */
    public static void install(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            // a connection of its own: its DDL commits here, also from a pool whose connections are not in
            // auto-commit mode (returned to the pool uncommitted, it would be rolled back)
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try {
                install(connection);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OutboxException("cannot install the dionysus_outboxes table", e);
        }
    }

    /**
     * As {@link #install(DataSource)}, on a given connection. In auto-commit mode the DDL is committed here; in a
     * transaction of the caller it is left to the caller's commit (on PostgreSQL the lock is held until then, and
     * on MySQL/MariaDB each DDL statement commits implicitly anyway).
     */
    public static void install(Connection connection) throws SQLException {
        Dialect dialect = Dialect.of(connection);
        switch (dialect) {
            case POSTGRESQL -> installWithAdvisoryLock(connection);
            case MYSQL -> installWithNamedLock(connection);
            case H2 -> {
                // H2 has no lock to take turns with across connections, and its ALTER TABLE copies the table, which
                // concurrent installers then saw missing or locked: installers in this JVM take turns here, and a
                // statement that still fails (another process on an H2 server) is retried
                synchronized (H2_INSTALLERS) {
                    installRetrying(connection);
                }
            }
        }
    }

    /**
     * The statements to run now, decided while holding the installers' turn: the shipped DDL, and for a table of an
     * earlier version that lacks {@code skipped_at}, the statement adding it (MySQL itself has no {@code IF NOT
     * EXISTS} there; MariaDB, PostgreSQL and H2 do).
     */
    private static List<String> statementsNow(Connection connection, Dialect dialect) throws SQLException {
        List<String> statements = new ArrayList<>(statements(dialect));
        if (tableExists(connection) && columnMissing(connection, "skipped_at")) {
            statements.add(addSkippedAt(connection, dialect));
        }
        return statements;
    }

    private static String addSkippedAt(Connection connection, Dialect dialect) throws SQLException {
        boolean mysql = dialect == Dialect.MYSQL
                && !connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                        .contains("mariadb");
        return "ALTER TABLE " + Outbox.TABLE + " ADD COLUMN " + (mysql ? "" : "IF NOT EXISTS ")
                + "skipped_at " + (dialect == Dialect.MYSQL ? "DATETIME(6) NULL" : "TIMESTAMP WITH TIME ZONE");
    }

    private static boolean tableExists(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, Outbox.TABLE,
                null)) {
            return tables.next();
        }
    }

    private static boolean columnMissing(Connection connection, String column) throws SQLException {
        try (ResultSet columns = connection.getMetaData().getColumns(connection.getCatalog(), null, Outbox.TABLE,
                column)) {
            return !columns.next();
        }
    }

    private static void installWithAdvisoryLock(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, ADVISORY_LOCK_KEY);
                lock.executeQuery().close();
            }
            execute(connection, statementsNow(connection, Dialect.POSTGRESQL));
            if (autoCommit) {
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (autoCommit) {
                rollbackQuietly(connection);
            }
            throw e;
        } finally {
            if (autoCommit) {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void installWithNamedLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            lock.setString(1, NAMED_LOCK);
            lock.setInt(2, LOCK_WAIT_SECONDS);
            try (ResultSet result = lock.executeQuery()) {
                if (!result.next() || result.getInt(1) != 1) {
                    throw new SQLException("another process held the lock " + NAMED_LOCK + " for more than "
                            + LOCK_WAIT_SECONDS + " s while installing the dionysus_outboxes table");
                }
            }
        }
        try {
            execute(connection, statementsNow(connection, Dialect.MYSQL));
        } finally {
            try (PreparedStatement unlock = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                unlock.setString(1, NAMED_LOCK);
                unlock.executeQuery().close();
            }
        }
    }

    /**
     * Runs each statement until it passes, for up to {@link #H2_RETRY_MILLIS}: a statement another installer's
     * statement makes fail (an object being created, a table being copied or locked) is a no-op once that one is
     * done. Whether {@code skipped_at} is still missing is checked again before each try.
     */
    private static void installRetrying(Connection connection) throws SQLException {
        long deadline = System.nanoTime() + H2_RETRY_MILLIS * 1_000_000L;
        List<String> statements = new ArrayList<>(statements(Dialect.H2));
        statements.add(null); // the upgrade, if still needed when its turn comes
        try (Statement statement = connection.createStatement()) {
            for (String shipped : statements) {
                for (int attempt = 1; ; attempt++) {
                    String sql = shipped;
                    try {
                        if (sql == null) {
                            if (!tableExists(connection) || !columnMissing(connection, "skipped_at")) {
                                break;
                            }
                            sql = addSkippedAt(connection, Dialect.H2);
                        }
                        statement.execute(sql);
                        break;
                    } catch (SQLException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                        pause(Math.min(500, 10L << Math.min(attempt, 6)));
                    }
                }
            }
        }
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void pause(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while installing the dionysus_outboxes table", e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure matters
        }
    }

    /** The DDL statements of a dialect, comments removed, in order. */
    public static List<String> statements(Dialect dialect) {
        String script = ddl(dialect);
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }

    /** The DDL script of a dialect, as shipped. */
    public static String ddl(Dialect dialect) {
        try (InputStream in = OutboxSchema.class.getClassLoader().getResourceAsStream(dialect.ddlResource())) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + dialect.ddlResource());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
