package io.dionysus.runtime.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@code dionysus_outboxes} DDL shipped as classpath resources ({@code io/dionysus/outbox/<dialect>.sql}).
 * Copy a resource into your Flyway/Liquibase migrations, or call {@link #install(DataSource)} at start-up; the
 * statements are idempotent.
 */
public final class OutboxSchema {

    private OutboxSchema() {
    }

    /** Creates the outbox table and its indexes if they do not exist, in the dialect of the database. */
    public static void install(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            install(connection);
        } catch (SQLException e) {
            throw new OutboxException("cannot install the dionysus_outboxes table", e);
        }
    }

    /** As {@link #install(DataSource)}, on a given connection (committed if it is in auto-commit mode). */
    public static void install(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(Dialect.of(connection))) {
                statement.execute(sql);
            }
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
