package io.dionysus.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.consumer.MessageFilter;
import io.dionysus.runtime.consumer.ReceivedEvent;
import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two consumer instances writing the same synced record at once: one reads an aggregate that sideloads a rental,
 * the other the rentals topic. Whichever inserts second meets the first one's row: that is a race, not bad data, and
 * the newer record wins.
 */
@ExtendWith(KafkaExtension.class)
class ConcurrentConsumersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T10:00:00Z"), ZoneOffset.UTC);

    @AllDatabases
    void theSecondInsertOfARecordIsAppliedAsAnUpdateAndTheNewestWins(TestDatabase db, TestKafka kafka)
            throws Exception {
        Gate accountsGate = new Gate();
        Gate rentalsGate = new Gate();
        try (ConsumerHarness accounts = new ConsumerHarness(db, kafka, "race_accounts", CLOCK).filter(accountsGate)
                     .start();
             ConsumerHarness rentals = new ConsumerHarness(db, kafka, "race_rentals", CLOCK, 1, Map.of(), false)
                     .filter(rentalsGate).start()) {
            // the aggregate's consumer inserts the older rental 5 and holds its transaction open; the rentals
            // consumer inserts the newer rental 5 meanwhile, and commits after it
            accounts.send("Account:7", account(7, "Acme", 5, "Older", "2024-01-16T09:00:00.000Z") );
            accountsGate.awaitHolding();
            rentals.send("Rental:5", rental(5, "Newer", "2024-01-16T10:00:00.000Z", false));
            Thread.sleep(1_500); // the rentals consumer reaches its insert, which meets the held one
            accountsGate.release();
            accounts.awaitCaughtUp();
            rentals.awaitCaughtUp();
            assertEquals("Newer", rentals.row("rentals", 5).get("title"), "the newer record won");

            // the other way round: the rentals consumer holds the newer rental 6, the aggregate's older copy
            // arrives second and is skipped, while the aggregate itself is applied
            rentals.send("Rental:6", rental(6, "Newer", "2024-01-16T10:00:00.000Z", true));
            rentalsGate.awaitHolding();
            accounts.send("Account:8", account(8, "Globex", 6, "Older", "2024-01-16T09:00:00.000Z"));
            Thread.sleep(1_500);
            rentalsGate.release();
            accounts.awaitCaughtUp();
            rentals.awaitCaughtUp();
            assertEquals("Newer", rentals.row("rentals", 6).get("title"), "the older copy did not overwrite it");
            assertEquals("Globex", accounts.row("accounts", 8).get("name"), "the aggregate was applied");

            assertEquals(List.of(), kafka.readAll(accounts.topic + "_dlq"), "nothing was dead-lettered");
            assertEquals(List.of(), kafka.readAll(rentals.topic + "_dlq"), "nothing was dead-lettered");
            assertEquals(List.of(), accounts.deadLettered);
            assertEquals(List.of(), rentals.deadLettered);
        }
    }

    /** An aggregate sideloading one rental, then a client event the gate can hold. */
    private static String account(long id, String name, long rentalId, String rentalName, String updatedAt) {
        return "{\"message\":[{\"event\":\"account_updated\",\"model_name\":\"Account\",\"data\":[{\"id\":" + id
                + ",\"name\":\"" + name + "\",\"updated_at\":\"" + updatedAt + "\",\"links\":{\"rentals\":["
                + rentalId + "]},\"rentals\":[{\"id\":" + rentalId + ",\"name\":\"" + rentalName
                + "\",\"updated_at\":\"" + updatedAt + "\",\"links\":{}}]}]}," + HOLD + "]}";
    }

    private static String rental(long id, String name, String updatedAt, boolean hold) {
        return "{\"message\":[{\"event\":\"rental_created\",\"model_name\":\"Rental\",\"data\":[{\"id\":" + id
                + ",\"name\":\"" + name + "\",\"updated_at\":\"" + updatedAt + "\",\"links\":{}}]}"
                + (hold ? "," + HOLD : "") + "]}";
    }

    /** An event the gate holds: its consumer's transaction stays open, with what it wrote before. */
    private static final String HOLD = "{\"event\":\"client_created\",\"model_name\":\"Client\",\"data\":[{\"id\":1,"
            + "\"fullname\":\"Hold\",\"links\":{}}]}";

    /** A filter that holds the consumer's thread, inside its batch transaction, at the first client event. */
    private static final class Gate implements MessageFilter {
        private volatile CountDownLatch holding = new CountDownLatch(1);
        private volatile CountDownLatch released = new CountDownLatch(1);

        @Override
        public boolean ignore(String topic, ReceivedEvent event, List<Map<String, Object>> transformedData) {
            if (event.modelName().equals("Client") && holding.getCount() > 0) {
                holding.countDown();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        }

        void awaitHolding() throws InterruptedException {
            assertTrue(holding.await(30, TimeUnit.SECONDS), "the consumer reached the gate");
        }

        void release() {
            released.countDown();
        }
    }
}
