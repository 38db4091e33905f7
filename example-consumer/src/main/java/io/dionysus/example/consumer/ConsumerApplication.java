package io.dionysus.example.consumer;

import io.dionysus.runtime.consumer.ConsumerListener;
import io.dionysus.runtime.consumer.DionysusConsumer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The consumer service of the seed's demo: its own {@code users} table and a {@link DionysusConsumer} that reads
 * {@code dionysus_demo_users} (declared on {@link User}) into it.
 */
public final class ConsumerApplication implements AutoCloseable {

    /** The example's tables, portable between H2 and PostgreSQL: {@code io/dionysus/example/consumer/schema.sql}. */
    public static final String[] DDL = schema();

    private final DionysusConsumer consumer;

    public ConsumerApplication(DataSource dataSource, String bootstrapServers, String clientId,
            ConsumerListener listener) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the example's tables", e);
        }
        this.consumer = DionysusConsumer.builder(dataSource, bootstrapServers, clientId).listener(listener).build();
    }

    private static String[] schema() {
        try (java.io.InputStream in = ConsumerApplication.class.getResourceAsStream("schema.sql")) {
            String script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return java.util.Arrays.stream(script.split(";")).map(String::strip).filter(sql -> !sql.isEmpty())
                    .toArray(String[]::new);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public DionysusConsumer consumer() {
        return consumer;
    }

    public void start() {
        consumer.start();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
