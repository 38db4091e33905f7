package io.dionysus.example.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.dionysus.example.consumer.ConsumerApplication;
import io.dionysus.example.producer.ProducerApplication;
import io.dionysus.example.producer.User;
import io.dionysus.runtime.consumer.ConsumerListener;
import io.dionysus.runtime.internal.JsonValues;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import io.dionysus.testkit.TestKafka;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed's demo as a test: the producer example (its own database, outbox, relay) → a real broker → the consumer
 * example (its own database), on H2 and on PostgreSQL.
 */
@ExtendWith(KafkaExtension.class)
class EndToEndTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"}) // the examples' DDL is PostgreSQL's
    void aUserCreatedUpdatedAndDestroyedInTheProducerIsFollowedByTheConsumer(TestDatabase.Kind kind, TestKafka kafka)
            throws Exception {
        TestDatabase producerDb = TestDatabases.create(kind);
        TestDatabase consumerDb = TestDatabases.create(kind);
        kafka.createTopic(Demo.TOPIC, 1);
        // the topic is shared by the runs of this JVM: ids of their own keep their users apart
        long firstId = 1_000_000L + new java.util.Random().nextInt(1_000_000_000);
        producerDb.execute(io.dionysus.example.producer.UserRepository.DDL.replace("AS IDENTITY",
                "AS IDENTITY (START WITH " + firstId + ")"));
        try (ProducerApplication producer = new ProducerApplication(producerDb.dataSource(),
                     kafka.bootstrapServers(), OutboxRelayListener.NONE);
             ConsumerApplication consumer = new ConsumerApplication(consumerDb.dataSource(),
                     kafka.bootstrapServers(), "e2e_" + UUID.randomUUID(), ConsumerListener.NONE)) {
            producer.relay().start();
            consumer.start();

            User user = producer.users().create("Dionysus");
            Map<String, Object> synced = Demo.await(consumerDb.dataSource(), user.getId(),
                    row -> row != null && "Dionysus".equals(row.get("name")));
            assertEquals(user.getId(), ((Number) synced.get("synced_id")).longValue());
            assertEquals(user.getCreatedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    instant(synced.get("synced_created_at")));
            assertEquals("{\"name\":\"Dionysus\",\"synced_id\":" + user.getId() + ",\"synced_created_at\":\""
                    + JsonValues.instantText(user.getCreatedAt()) + "\",\"synced_updated_at\":\""
                    + JsonValues.instantText(user.getUpdatedAt()) + "\"}", synced.get("synced_data"));
            assertNotNull(synced.get("id"), "the consumer's own id");

            User renamed = producer.users().rename(user, "Bacchus");
            synced = Demo.await(consumerDb.dataSource(), user.getId(),
                    row -> row != null && "Bacchus".equals(row.get("name")));
            assertEquals(renamed.getUpdatedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    instant(synced.get("synced_updated_at")));

            producer.users().destroy(user);
            Demo.await(consumerDb.dataSource(), user.getId(), row -> row == null);
        }
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) value).toInstant();
    }
}
