package io.dionysus.example.producer;

import io.dionysus.testkit.EmbeddedKafka;
import io.dionysus.testkit.TestDatabases;
import io.dionysus.testkit.TestKafka;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Where the demo's infrastructure comes from: the environment if it names it, else embedded defaults.
 * {@code KAFKA_BOOTSTRAP_SERVERS} selects an external broker; {@code <PREFIX>_JDBC_URL} (with {@code _USER} and
 * {@code _PASSWORD}) an external database; otherwise an in-JVM broker and an H2 file database under
 * {@code demo-data/}, recreated on every run.
 */
public final class DemoEnvironment {

    private DemoEnvironment() {
    }

    /** The Kafka broker: external if {@code KAFKA_BOOTSTRAP_SERVERS} is set, else embedded in this JVM. */
    public static TestKafka kafka() {
        String external = System.getenv(TestKafka.BOOTSTRAP_ENV);
        if (external != null && !external.isBlank()) {
            return TestKafka.of(external.trim(), null);
        }
        EmbeddedKafka embedded = EmbeddedKafka.start();
        return TestKafka.of(embedded.bootstrapServers(), embedded);
    }

    /** A database: {@code <prefix>_JDBC_URL} if set, else a fresh H2 file database {@code demo-data/<name>}. */
    public static Database database(String envPrefix, String name) {
        String url = System.getenv(envPrefix + "_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new Database(url, new DriverManagerDataSource(url, System.getenv(envPrefix + "_USER"),
                    System.getenv(envPrefix + "_PASSWORD")));
        }
        Path dir = Path.of("demo-data");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(name + ".mv.db"));
            Files.deleteIfExists(dir.resolve(name + ".trace.db"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String h2 = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(name)
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        return new Database(h2, TestDatabases.h2DataSource(h2));
    }

    /**
     * A database of the demo.
     *
     * @param url its JDBC URL
     * @param dataSource connections to it
     */
    public record Database(String url, DataSource dataSource) {
    }

    /** The smallest {@link DataSource}: a new {@link DriverManager} connection per call. */
    private static final class DriverManagerDataSource implements DataSource {
        private final String url;
        private final String user;
        private final String password;

        DriverManagerDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
