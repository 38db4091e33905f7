package io.dionysus.example.producer;

import io.dionysus.runtime.DionysusModels;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import io.dionysus.runtime.outbox.OutboxSchema;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The producer service of the seed's demo, wired by hand: schema, outbox, generated publisher, relay. A Spring
 * application would declare the same objects as beans.
 */
public final class ProducerApplication implements AutoCloseable {

    private final UserRepository users;
    private final OutboxRelay relay;

    public ProducerApplication(DataSource dataSource, String bootstrapServers, OutboxRelayListener listener) {
        OutboxSchema.install(dataSource);
        Transactions transactions = new Transactions(dataSource);
        transactions.inTransaction(connection -> connection.createStatement().execute(UserRepository.DDL));
        Outbox outbox = Outbox.builder().build();
        // found through the generated registry (ServiceLoader); new UserDionysusPublisher(outbox) works as well
        this.users = new UserRepository(transactions, DionysusModels.load().publisher(User.class, outbox),
                Clock.systemUTC());
        this.relay = OutboxRelay.builder(dataSource, bootstrapServers).listener(listener).build();
    }

    public UserRepository users() {
        return users;
    }

    public OutboxRelay relay() {
        return relay;
    }

    @Override
    public void close() {
        relay.close();
    }
}
