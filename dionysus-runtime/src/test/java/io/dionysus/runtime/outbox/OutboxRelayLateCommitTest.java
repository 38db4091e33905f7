package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.MARIADB;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.sql.Connection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A long-running writer: its row has a lower id than rows other transactions commit and the relay publishes while it
 * is still open. The relay neither waits for it nor loses it: the later rows go at once, and the late row goes once
 * its transaction committed (on PostgreSQL the claim's probe cannot see it either, so the earlier-rows check is
 * skipped: it is not needed, the row is of another key). A rolled-back writer leaves a gap that holds nothing back.
 */
@ExtendWith(KafkaExtension.class)
class OutboxRelayLateCommitTest {

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aRowCommittedAfterLaterIdsWerePublishedIsPublishedThenAndHoldsNothingBackMeanwhile(TestDatabase db,
            TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_late");
        kafka.createTopic(topic, 1);
        Outbox outbox = Outbox.builder().build();
        try (Connection slow = db.dataSource().getConnection();
                Connection rolledBack = db.dataSource().getConnection();
                Connection quick = db.dataSource().getConnection();
                OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).build()) {
            slow.setAutoCommit(false);
            rolledBack.setAutoCommit(false);
            quick.setAutoCommit(false);
            outbox.insert(slow, List.of(entry(topic, "B", "B:1")));         // the lowest id, committed last
            outbox.insert(rolledBack, List.of(entry(topic, "C", "C:1")));   // never committed
            outbox.insert(quick, List.of(entry(topic, "A", "A:1"), entry(topic, "A", "A:2"), entry(topic, "B", "B:2")));
            quick.commit();

            // B:2 goes although an earlier row of B is being written: the contract is that rows of one key are
            // committed in id order (README, "The relay"); the relay cannot see a row before its commit
            assertEquals(new OutboxRelay.BatchResult(3, 3, 0, 0), relay.publishBatch(), "not blocked by open rows");
            assertEquals(0, relay.publishBatch().claimed());

            rolledBack.rollback();
            slow.commit();
            assertEquals(new OutboxRelay.BatchResult(1, 1, 0, 0), relay.publishBatch(), "the late row, once committed");
        }
        assertEquals(List.of(), OutboxRows.unpublished(db.dataSource()));
        assertEquals(List.of("A:1", "A:2", "B:2", "B:1"),
                kafka.readAll(topic).stream().map(ConsumerRecord::value).toList());
    }

    private static OutboxEntry entry(String topic, String key, String payload) {
        return new OutboxEntry("Thing", key, "thing_updated", topic, key, "Thing:" + key, payload, null);
    }
}
