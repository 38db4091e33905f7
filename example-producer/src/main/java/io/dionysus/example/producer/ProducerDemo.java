package io.dionysus.example.producer;

import io.dionysus.runtime.outbox.OutboxRecord;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestKafka;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The seed post's producer demo: {@code User.create!(name: "Dionysus")}, then {@code DionysusOutbox.last} with
 * {@code published_at} set by the relay, and the message as it sits on the topic.
 */
public final class ProducerDemo {

    static final String TOPIC = "dionysus_demo_users";

    private ProducerDemo() {
    }

    public static void main(String[] args) throws Exception {
        try (TestKafka kafka = DemoEnvironment.kafka()) {
            DemoEnvironment.Database database = DemoEnvironment.database("DIONYSUS_PRODUCER", "producer");
            System.out.println("Kafka:    " + kafka.bootstrapServers());
            System.out.println("Database: " + database.url());
            kafka.createTopic(TOPIC, 1);

            OutboxRelayListener printer = new OutboxRelayListener() {
                @Override
                public void published(OutboxRecord record) {
                    System.out.println("published: " + record.topic() + " " + record.messageKey() + " "
                            + record.payload());
                }
            };
            try (ProducerApplication app = new ProducerApplication(database.dataSource(), kafka.bootstrapServers(),
                    printer)) {
                System.out.println();
                System.out.println("> User.create!(name: \"Dionysus\")");
                User user = app.users().create("Dionysus");
                System.out.println("  => User id: " + user.getId() + ", name: " + user.getName());
                app.relay().publishPending(Duration.ofSeconds(30));

                System.out.println();
                System.out.println("> DionysusOutbox.last");
                printRow(OutboxRows.query(database.dataSource(),
                        "SELECT * FROM dionysus_outboxes ORDER BY id DESC LIMIT 1").get(0));

                System.out.println();
                System.out.println("> on the topic " + TOPIC + " (topic key value):");
                for (ConsumerRecord<String, String> record : kafka.readAll(TOPIC)) {
                    System.out.println(record.topic() + " " + record.key() + " " + record.value());
                }
            }
        }
    }

    static void printRow(Map<String, Object> row) {
        System.out.println("#<DionysusOutbox");
        row.forEach((column, value) -> System.out.println("  " + column + ": "
                + (value instanceof String ? "\"" + value + "\"" : value) + ","));
        System.out.println(">");
    }
}
