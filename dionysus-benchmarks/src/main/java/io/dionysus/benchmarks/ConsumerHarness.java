package io.dionysus.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dionysus.runtime.consumer.ConsumerBatch;
import io.dionysus.runtime.consumer.ConsumerListener;
import io.dionysus.runtime.consumer.DionysusConsumer;
import io.dionysus.runtime.spi.ConsumerTopic;
import io.dionysus.testkit.EmbeddedKafka;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestDatabases;
import io.dionysus.testkit.TestKafka;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The consumer applying into PostgreSQL, next to two minimal reference consumers, in one JVM on the in-JVM broker and
 * the embedded PostgreSQL (issue 12): {@code project} is {@link DionysusConsumer}; {@code per-row} polls, parses
 * each message with Jackson's tree and runs one {@code INSERT … ON CONFLICT (synced_id) DO UPDATE … WHERE} (newest
 * wins) per record, one transaction per poll; {@code batch} sends the same statement as one JDBC batch per poll.
 * All three read the same topic in a fresh consumer group with the same settings ({@code max.poll.records} 500),
 * through one HikariCP pool of 2, and commit offsets after the transaction.
 *
 * <p>The topic holds {@code n} gem payloads: {@code n/2} listings created, then each updated once. Each round runs
 * the three variants back to back, each on an emptied table after a GC, and times from the end of its first
 * non-empty poll to the commit of its last batch (the group join is left out: it is the broker's, not the
 * consumer's). Ratios are medians of the per-round ratios, with their min–max; they are also given for the time in
 * the batches alone (parse, apply, commit: the project's {@link ConsumerBatch#duration()}), without the polls and
 * offset commits between them. Arguments: {@code [rounds] [n]}
 * (defaults 5, 20000); one warm-up round comes first.
 */
public final class ConsumerHarness {

    private static final String[] VARIANTS = {"project", "per-row", "batch"};
    private static final ObjectMapper TREE = new ObjectMapper();
    private static final String UPSERT = "INSERT INTO listings (name, price, synced_id, synced_created_at,"
            + " synced_updated_at, synced_data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (synced_id) DO UPDATE SET"
            + " name = EXCLUDED.name, price = EXCLUDED.price, synced_created_at = EXCLUDED.synced_created_at,"
            + " synced_updated_at = EXCLUDED.synced_updated_at, synced_data = EXCLUDED.synced_data"
            + " WHERE listings.synced_updated_at IS NULL OR listings.synced_updated_at <= EXCLUDED.synced_updated_at";

    private final String bootstrap;
    private final HikariDataSource dataSource;
    private final String topic;
    private final int n;
    private final AtomicInteger groups = new AtomicInteger();
    /** Of the last {@link #time} run: nanoseconds from the start of each batch (its parsing) to its commit. */
    private long applyNanos;

    private ConsumerHarness(String bootstrap, HikariDataSource dataSource, String topic, int n) {
        this.bootstrap = bootstrap;
        this.dataSource = dataSource;
        this.topic = topic;
        this.n = n;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        try (EmbeddedKafka broker = EmbeddedKafka.start();
                TestKafka kafka = TestKafka.of(broker.bootstrapServers(), () -> { })) {
            TestDatabase db = TestDatabases.postgres();
            db.execute(SyncedListing.DDL);
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(db.dataSource());
            pool.setMaximumPoolSize(2);
            try (HikariDataSource dataSource = new HikariDataSource(pool)) {
                String topic = TestKafka.uniqueTopic("bench_listings");
                kafka.createTopic(topic, 1);
                kafka.createTopic(topic + "_dlq", 1);
                ConsumerHarness harness = new ConsumerHarness(broker.bootstrapServers(), dataSource, topic, n);
                harness.produce();
                harness.run(rounds);
            }
        }
    }

    private void run(int rounds) throws Exception {
        for (String variant : VARIANTS) {
            time(variant); // warm-up
        }
        double[][] throughput = new double[VARIANTS.length][rounds];
        double[][] applyThroughput = new double[VARIANTS.length][rounds];
        double[][] applyShare = new double[VARIANTS.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int v = 0; v < VARIANTS.length; v++) {
                long nanos = time(VARIANTS[v]);
                throughput[v][round] = n / (nanos / 1e9);
                applyThroughput[v][round] = n / (applyNanos / 1e9);
                applyShare[v][round] = (double) applyNanos / nanos;
            }
            System.out.printf(Locale.ROOT, "round %d: project %.0f, per-row %.0f, batch %.0f rows/s%n", round + 1,
                    throughput[0][round], throughput[1][round], throughput[2][round]);
        }
        System.out.printf(Locale.ROOT, "PostgreSQL, %d rounds x %d messages (%d inserts, %d updates) per variant"
                + " (rows/s, median):%n", rounds, n, n / 2, n - n / 2);
        for (int v = 0; v < VARIANTS.length; v++) {
            System.out.printf(Locale.ROOT, "  %-8s %.0f%n", VARIANTS[v], median(throughput[v]));
        }
        System.out.printf(Locale.ROOT, "same-round ratios (median, min-max):%n");
        print("project / per-row", throughput[0], throughput[1]);
        print("project / batch (goal >= 0.8)", throughput[0], throughput[2]);
        print("batch / per-row", throughput[2], throughput[1]);
        System.out.printf(Locale.ROOT, "share of the time in the batches' transactions (parse, apply, commit)"
                + " (median): project %.2f, per-row %.2f, batch %.2f%n", median(applyShare[0]),
                median(applyShare[1]), median(applyShare[2]));
        System.out.printf(Locale.ROOT, "same-round ratios of that time alone (median, min-max):%n");
        print("project / per-row", applyThroughput[0], applyThroughput[1]);
        print("project / batch (goal >= 0.8)", applyThroughput[0], applyThroughput[2]);
    }

    /** Empties the table, runs a GC, consumes the topic with the variant; returns nanoseconds (see the class). */
    private long time(String variant) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE listings");
        }
        System.gc();
        long nanos = variant.equals("project") ? project() : reference(variant.equals("batch"));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                var count = statement.executeQuery("SELECT count(*) FROM listings WHERE name LIKE 'updated%'")) {
            count.next();
            if (count.getInt(1) != n / 2) {
                throw new IllegalStateException(variant + " left " + count.getInt(1) + " updated rows, not " + n / 2);
            }
        }
        return nanos;
    }

    private long project() throws InterruptedException {
        AtomicInteger seen = new AtomicInteger();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        AtomicLong applying = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        DionysusConsumer consumer = DionysusConsumer.builder(dataSource, bootstrap, "bench")
                .groupId(group())
                .onlyTopics(List.of(new ConsumerTopic(topic, topic + "_dlq")))
                .consumerProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .listener(new ConsumerListener() {
                    @Override
                    public void batchCompleted(ConsumerBatch batch) {
                        long now = System.nanoTime();
                        first.compareAndSet(0, now - batch.duration().toNanos());
                        applying.addAndGet(batch.duration().toNanos());
                        if (!batch.deadLettered().isEmpty()) {
                            throw new IllegalStateException("dead letters in the benchmark: " + batch);
                        }
                        if (seen.addAndGet(batch.records()) >= n) {
                            last.set(now);
                            done.countDown();
                        }
                    }
                })
                .build();
        try (consumer) {
            consumer.start();
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the project's consumer did not finish: " + seen);
            }
        }
        applyNanos = applying.get();
        return last.get() - first.get();
    }

    /** A minimal consumer: poll, parse, upsert (per row or one JDBC batch), commit, commit offsets. */
    private long reference(boolean batch) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int seen = 0;
        long first = 0;
        long applying = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (seen < n) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                long started = System.nanoTime();
                if (first == 0) {
                    first = started;
                }
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                        for (ConsumerRecord<String, byte[]> record : records) {
                            for (JsonNode event : TREE.readTree(record.value()).get("message")) {
                                for (JsonNode data : event.get("data")) {
                                    bind(upsert, data);
                                    if (batch) {
                                        upsert.addBatch();
                                    } else {
                                        upsert.executeUpdate();
                                    }
                                }
                            }
                        }
                        if (batch) {
                            upsert.executeBatch();
                        }
                    }
                    connection.commit();
                }
                applying += System.nanoTime() - started;
                consumer.commitSync();
                seen += records.count();
            }
        }
        applyNanos = applying;
        return System.nanoTime() - first;
    }

    private static void bind(PreparedStatement upsert, JsonNode data) throws SQLException {
        upsert.setString(1, data.get("name").asText());
        upsert.setBigDecimal(2, new BigDecimal(data.get("price").asText()));
        upsert.setLong(3, data.get("id").asLong());
        upsert.setObject(4, OffsetDateTime.parse(data.get("created_at").asText()));
        upsert.setObject(5, OffsetDateTime.parse(data.get("updated_at").asText()));
        upsert.setString(6, data.toString());
    }

    private String group() {
        return "bench_" + topic + "_" + groups.incrementAndGet();
    }

    /** {@code n/2} listings created, then each updated once, a minute later, as the gem publishes them. */
    private void produce() throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all");
        Instant created = Instant.parse("2026-01-10T09:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                long id = i % (n / 2) + 1;
                boolean update = i >= n / 2;
                String value = "{\"message\":[{\"event\":\"listing_" + (update ? "updated" : "created")
                        + "\",\"model_name\":\"Listing\",\"data\":[{\"id\":" + id + ",\"name\":\""
                        + (update ? "updated " : "Listing ") + id + "\",\"price\":\"" + (100 + id % 50) + ".5\","
                        + "\"created_at\":\"" + created + "\",\"updated_at\":\""
                        + created.plusSeconds(update ? 60 : 0).plusMillis(id % 1000) + "\",\"links\":{}}]}]}";
                producer.send(new ProducerRecord<>(topic, "Listing:" + id, value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static void print(String name, double[] numerators, double[] denominators) {
        double[] ratios = new double[numerators.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerators[i] / denominators[i];
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "  %-30s %.2f (%.2f-%.2f)%n", name, median(ratios), sorted[0],
                sorted[sorted.length - 1]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
