package io.dionysus.example.producer;

import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import io.dionysus.runtime.outbox.OutboxSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The producer service of the seed's demo, wired by hand: schema, JPA (Hibernate, with dionysus-hibernate capturing
 * every change of the annotated entities), relay. A Spring Boot application gets the same from the starter.
 */
public final class ProducerApplication implements AutoCloseable {

    private final Jpa jpa;
    private final UserRepository users;
    private final AccountRepository accounts;
    private final OutboxRelay relay;

    public ProducerApplication(DataSource dataSource, String bootstrapServers, OutboxRelayListener listener) {
        OutboxSchema.install(dataSource);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(UserRepository.DDL);
            for (String ddl : AccountRepository.DDL) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the producer's tables", e);
        }
        this.jpa = new Jpa(dataSource);
        this.users = new UserRepository(jpa);
        this.accounts = new AccountRepository(jpa);
        this.relay = OutboxRelay.builder(dataSource, bootstrapServers).listener(listener).build();
    }

    public Jpa jpa() {
        return jpa;
    }

    public UserRepository users() {
        return users;
    }

    public AccountRepository accounts() {
        return accounts;
    }

    public OutboxRelay relay() {
        return relay;
    }

    @Override
    public void close() {
        relay.close();
        jpa.close();
    }
}
