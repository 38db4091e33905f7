package io.dionysus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.TestDatabases;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command in its own JVM, as {@code bin/dionysus} runs it: under a pseudo-terminal (util-linux {@code script})
 * {@code outbox cleanup} draws a bar redrawn in place; through a pipe it writes plain lines.
 */
class ProgressOnATerminalTest {

    @TempDir
    Path dir;

    @Test
    void aBarOnATerminalAndPlainLinesElsewhere() throws Exception {
        assertTrue(new File("/usr/bin/script").canExecute(), "util-linux script is needed to run under a terminal");
        String url = "jdbc:h2:file:" + dir.resolve("outbox") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        seed(url);

        String terminal = run(List.of("/usr/bin/script", "-qec", shellQuoted(command(url)), "/dev/null"));
        assertTrue(terminal.contains("\r"), "redrawn in place: " + terminal);
        assertTrue(terminal.contains("█"), "a unicode bar: " + terminal);
        assertTrue(terminal.contains("1200/1200 rows"), terminal);
        assertTrue(terminal.contains("Deleted 1200 rows published more than 7d ago."), terminal);

        seed(url);
        String piped = run(command(url));
        assertFalse(piped.contains("\r"), piped);
        assertTrue(piped.contains("cleanup 100% [========"), piped);
        assertTrue(piped.contains("1200/1200 rows"), piped);
        assertTrue(piped.contains("Deleted 1200 rows published more than 7d ago."), piped);
    }

    private static void seed(String url) throws Exception {
        DataSource dataSource = TestDatabases.h2DataSource(url);
        OutboxSchema.install(dataSource);
        Instant old = Instant.now().minus(Duration.ofDays(10));
        Outbox outbox = Outbox.builder().clock(Clock.fixed(old, ZoneOffset.UTC)).build();
        List<OutboxEntry> rows = new ArrayList<>();
        for (int i = 1; i <= 1200; i++) {
            rows.add(new OutboxEntry("User", String.valueOf(i), "user_created", "t", null, "User:" + i, "{}", null));
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            outbox.insert(connection, rows);
            statement.executeUpdate("UPDATE dionysus_outboxes SET published_at = created_at");
            connection.commit();
        }
    }

    private static List<String> command(String url) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djdk.console=java.base",
                "-cp", classPath,
                DionysusCli.class.getName(), "outbox", "cleanup", "--older-than", "7d", "--batch-size", "100",
                "--jdbc-url", url, "--jdbc-user", "sa");
    }

    private static String shellQuoted(List<String> command) {
        return String.join(" ", command.stream().map(arg -> "'" + arg.replace("'", "'\\''") + "'").toList());
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return text;
    }
}
