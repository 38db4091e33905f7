package io.dionysus.example.producer;

import io.dionysus.runtime.DionysusModels;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import io.dionysus.runtime.outbox.OutboxSchema;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The producer service of the seed's demo, wired by hand: schema, outbox, generated publisher, relay. A Spring
 * application would declare the same objects as beans.
 */
public final class ProducerApplication implements AutoCloseable {

    private final UserRepository users;
    private final AccountRepository accounts;
    private final OutboxRelay relay;

    public ProducerApplication(DataSource dataSource, String bootstrapServers, OutboxRelayListener listener) {
        OutboxSchema.install(dataSource);
        Transactions transactions = new Transactions(dataSource);
        transactions.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(UserRepository.DDL);
                for (String ddl : AccountRepository.DDL) {
                    statement.execute(ddl);
                }
            }
            return null;
        });
        Outbox outbox = Outbox.builder().build();
        // found through the generated registry (ServiceLoader); new UserDionysusPublisher(outbox) works as well
        DionysusModels models = DionysusModels.load();
        this.users = new UserRepository(transactions, models.publisher(User.class, outbox), Clock.systemUTC());
        this.accounts = new AccountRepository(transactions, new AccountDionysusPublisher(outbox),
                new RentalDionysusPublisher(outbox), Clock.systemUTC());
        this.relay = OutboxRelay.builder(dataSource, bootstrapServers).listener(listener).build();
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
    }
}
