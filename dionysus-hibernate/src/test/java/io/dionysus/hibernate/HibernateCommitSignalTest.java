package io.dionysus.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dionysus.hibernate.it.Jpa;
import io.dionysus.hibernate.it.User;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.TestDatabase;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Publish after commit: a captured transaction's commit wakes the relays listening to the outbox. */
class HibernateCommitSignalTest {

    @AllDatabases
    void aCommitThatWroteRowsSignalsOnceAndNothingElseDoes(TestDatabase db) throws Exception {
        Outbox outbox = Outbox.builder().build();
        AtomicInteger signals = new AtomicInteger();
        try (Jpa jpa = Jpa.start(db, Map.of(DionysusSettings.OUTBOX, outbox));
                AutoCloseable listening = outbox.commitSignal().listen(signals::incrementAndGet)) {
            jpa.inTransaction(session -> {
                session.persist(new User("Ada"));
                session.persist(new User("Grace"));
            });
            assertEquals(1, signals.get(), "one signal per committed transaction that wrote rows");
            assertEquals(2, jpa.rows().size(), "the rows were committed when the signal came");

            jpa.rolledBack(session -> session.persist(new User("Rolled back")));
            assertEquals(1, signals.get(), "a rollback signals nothing");

            jpa.inTransaction(session -> session.createQuery("from User", User.class).getResultList());
            assertEquals(1, signals.get(), "a transaction that wrote no rows signals nothing");
        }
    }
}
