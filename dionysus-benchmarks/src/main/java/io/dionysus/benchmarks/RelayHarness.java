package io.dionysus.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import io.dionysus.runtime.outbox.OutboxSchema;
import io.dionysus.testkit.EmbeddedKafka;
import io.dionysus.testkit.TestKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The relay and its latency next to minimal reference implementations, in one JVM, against the test kit's in-JVM
 * Kafka broker and an embedded PostgreSQL 17 with {@code fsync} and {@code synchronous_commit} on. Each pass runs
 * every job for the project and for its reference back to back (the project first in odd passes, the reference first
 * in even ones), so that only same-pass ratios count; the report gives the median of the per-pass ratios and their
 * spread (min–max).
 *
 * <ul>
 *   <li><b>drain</b>: {@code rows} unpublished rows (statistics taken before any is published, as after a backlog
 *   built up), drained once by {@link OutboxRelay} ({@code publishPending}, defaults except the batch size) and once by
 *   the reference: claim {@code ORDER BY id LIMIT b FOR UPDATE SKIP LOCKED}, send all, {@code flush()}, one
 *   {@code UPDATE … SET published_at = now() WHERE id = ANY(?)}, commit. Batch sizes 500 and 2000; rows/s.</li>
 *   <li><b>backlog</b>: the same drain of {@code rows} and of a quarter of them (batch 500): rate at the large
 *   backlog ÷ rate at the small one, for each implementation.</li>
 *   <li><b>latency</b>: writers commit one outbox row per transaction at {@code rate} tx/s for {@code seconds}; a
 *   consumer takes the time from each commit to receiving its message. The project's relay runs with its defaults
 *   and {@code wakeOn(outbox.commitSignal())} (writers call {@code outbox.committed()} after their commit); the
 *   reference polls, sleeping 10 ms only after an empty batch. p50/p95/p99, project ÷ reference.</li>
 * </ul>
 *
 * <p>Arguments: {@code [passes] [rows] [latency rate tx/s] [latency seconds] [jobs]} (defaults 2, 200000, 1000, 10,
 * {@code all}); jobs {@code drain} or {@code latency} runs only those.
 */
public final class RelayHarness {

    private static final String PAYLOAD = "{\"message\":[{\"event\":\"user_updated\",\"model_name\":\"User\","
            + "\"data\":[{\"id\":%d,\"name\":\"Jane Doe\",\"email\":\"jane.doe@example.com\",\"role\":\"admin\","
            + "\"created_at\":\"2026-11-29T10:00:00.000Z\",\"updated_at\":\"2026-11-29T10:00:00.000Z\","
            + "\"links\":{}}]}]}";
    private static final int PARTITIONS = 3;

    private final HikariDataSource dataSource;
    private final TestKafka kafka;
    private final String servers;

    private RelayHarness(HikariDataSource dataSource, TestKafka kafka) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.servers = kafka.bootstrapServers();
    }

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String jobs = args.length > 4 ? args[4] : "all";
        if (!List.of("all", "drain", "latency").contains(jobs)) {
            throw new IllegalArgumentException("jobs: all, drain or latency, not " + jobs);
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").start();
                EmbeddedKafka broker = EmbeddedKafka.start();
                TestKafka kafka = TestKafka.of(broker.bootstrapServers(), () -> { })) {
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(postgres.getPostgresDatabase());
            pool.setMaximumPoolSize(8);
            try (HikariDataSource dataSource = new HikariDataSource(pool)) {
                OutboxSchema.install(dataSource);
                new RelayHarness(dataSource, kafka).run(passes, rows, rate, seconds, jobs);
            }
        }
    }

    private void run(int passes, int rows, int rate, int seconds, String jobs) throws Exception {
        boolean drains = !jobs.equals("latency");
        boolean latencies = !jobs.equals("drain");
        // warm-up: both implementations, a drain each, and when latencies are measured the latency path twice each,
        // 15 s a turn (with broker, clients and database in one 2-core machine, iterations took 5x longer in the first
        // minute than from the third on)
        drain(true, 500, 20_000);
        drain(false, 500, 20_000);
        for (int turn = 0; latencies && turn < 2; turn++) {
            latency(true, rate, 15);
            latency(false, rate, 15);
        }
        Map<String, double[]> results = new HashMap<>();
        for (int pass = 0; pass < passes; pass++) {
            if (drains) {
                for (int batch : new int[] {500, 2000}) {
                    for (boolean project : pass % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                        record(results, "drain " + (project ? "project" : "reference") + " b" + batch, pass, passes,
                                drain(project, batch, rows));
                    }
                }
                for (boolean project : pass % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    record(results, "small " + (project ? "project" : "reference"), pass, passes,
                            drain(project, 500, rows / 4));
                }
            }
            if (!latencies) {
                System.out.printf(Locale.ROOT, "pass %d done%n", pass + 1);
                continue;
            }
            // which goes first alternates by pass: the machine still warms up over the first passes
            boolean projectFirst = pass % 2 == 0;
            double[] first = latency(projectFirst, rate, seconds);
            double[] second = latency(!projectFirst, rate, seconds);
            double[] project = projectFirst ? first : second;
            double[] reference = projectFirst ? second : first;
            String[] names = {"p50", "p95", "p99"};
            for (int i = 0; i < 3; i++) {
                record(results, "latency project " + names[i], pass, passes, project[i]);
                record(results, "latency reference " + names[i], pass, passes, reference[i]);
            }
            System.out.printf(Locale.ROOT, "pass %d done%n", pass + 1);
        }
        System.out.printf(Locale.ROOT, "%n%d passes, %,d rows per drain, latency at %d tx/s for %d s%n", passes, rows,
                rate, seconds);
        for (int batch : drains ? new int[] {500, 2000} : new int[0]) {
            System.out.printf(Locale.ROOT, "drain b%d rows/s (median): project %,.0f, reference %,.0f%n", batch,
                    median(results.get("drain project b" + batch)), median(results.get("drain reference b" + batch)));
            ratio("  project / reference (goal >= 1.0)", results.get("drain project b" + batch),
                    results.get("drain reference b" + batch));
        }
        if (drains) {
            System.out.printf(Locale.ROOT, "rate at %,d rows / rate at %,d rows (batch 500):%n", rows, rows / 4);
            ratio("  project", results.get("drain project b500"), results.get("small project"));
            ratio("  reference", results.get("drain reference b500"), results.get("small reference"));
        }
        for (String p : latencies ? new String[] {"p50", "p95", "p99"} : new String[0]) {
            System.out.printf(Locale.ROOT, "commit -> consumer %s ms (median): project %.2f, reference %.2f%n", p,
                    median(results.get("latency project " + p)), median(results.get("latency reference " + p)));
            ratio("  project / reference (goal <= 1.0)", results.get("latency project " + p),
                    results.get("latency reference " + p));
        }
    }

    private static void record(Map<String, double[]> results, String name, int pass, int passes, double value) {
        results.computeIfAbsent(name, n -> new double[passes])[pass] = value;
        System.out.printf(Locale.ROOT, "  %-28s %,12.2f%n", name, value);
    }

    // ---- drain ----

    /** Fills the outbox with {@code rows} rows, takes statistics, drains it; returns rows/s. */
    private double drain(boolean project, int batch, int rows) throws Exception {
        String topic = TestKafka.uniqueTopic("relay_drain");
        kafka.createTopic(topic, PARTITIONS);
        fill(topic, rows);
        System.gc();
        long started = System.nanoTime();
        long published;
        if (project) {
            try (OutboxRelay relay = OutboxRelay.builder(dataSource, servers).batchSize(batch).build()) {
                published = relay.publishPending(Duration.ofMinutes(10));
            }
        } else {
            try (ReferenceRelay relay = new ReferenceRelay(dataSource, servers, batch)) {
                published = 0;
                int sent;
                while ((sent = relay.publishBatch()) > 0) {
                    published += sent;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (published != rows) {
            throw new IllegalStateException((project ? "project" : "reference") + " published " + published + " of "
                    + rows);
        }
        return rows / seconds;
    }

    private void fill(String topic, int rows) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + Outbox.TABLE + " RESTART IDENTITY");
            statement.execute("INSERT INTO " + Outbox.TABLE + " (resource_class, resource_id, event_name, topic,"
                    + " partition_key, message_key, payload, attempts, created_at, updated_at)"
                    + " SELECT 'User', g::text, 'user_updated', '" + topic + "', NULL, 'User:' || g,"
                    + " replace('" + PAYLOAD.replace("%d", "ID") + "', 'ID', g::text), 0, now(), now()"
                    + " FROM generate_series(1, " + rows + ") g");
            // statistics of a backlog nobody published yet, as when a relay starts on one
            statement.execute("ANALYZE " + Outbox.TABLE);
            statement.execute("CHECKPOINT");
        }
    }

    /**
     * The simplest correct relay: claim, send all, flush, mark with one statement, commit. No retries, no key order
     * across failures, no metadata handling; a failed send fails the batch.
     */
    static final class ReferenceRelay implements AutoCloseable {
        private final javax.sql.DataSource dataSource;
        private final KafkaProducer<String, byte[]> producer;
        private final int batch;

        ReferenceRelay(javax.sql.DataSource dataSource, String servers, int batch) {
            this.dataSource = dataSource;
            this.batch = batch;
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }

        int publishBatch() throws Exception {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                List<Long> ids = new ArrayList<>(batch);
                List<Future<RecordMetadata>> acks = new ArrayList<>(batch);
                try (PreparedStatement claim = connection.prepareStatement("SELECT id, topic, message_key, payload"
                        + " FROM " + Outbox.TABLE + " WHERE published_at IS NULL ORDER BY id LIMIT ?"
                        + " FOR UPDATE SKIP LOCKED")) {
                    claim.setInt(1, batch);
                    try (ResultSet rows = claim.executeQuery()) {
                        while (rows.next()) {
                            long id = rows.getLong(1);
                            ids.add(id);
                            RecordHeaders headers = new RecordHeaders();
                            headers.add(OutboxRelay.OUTBOX_ID_HEADER,
                                    Long.toString(id).getBytes(StandardCharsets.US_ASCII));
                            String payload = rows.getString(4);
                            acks.add(producer.send(new ProducerRecord<>(rows.getString(2), null, rows.getString(3),
                                    payload == null ? null : payload.getBytes(StandardCharsets.UTF_8), headers)));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
                try (PreparedStatement mark = connection.prepareStatement("UPDATE " + Outbox.TABLE
                        + " SET published_at = now(), updated_at = now() WHERE id = ANY(?)")) {
                    Array array = connection.createArrayOf("bigint", ids.toArray());
                    mark.setArray(1, array);
                    mark.executeUpdate();
                }
                connection.commit();
                return ids.size();
            }
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    // ---- latency ----

    /**
     * Writers commit one row each transaction at {@code rate} tx/s for {@code seconds}; returns p50, p95, p99 of
     * commit → consumer received, in ms.
     */
    private double[] latency(boolean project, int rate, int seconds) throws Exception {
        String topic = TestKafka.uniqueTopic("relay_latency");
        kafka.createTopic(topic, PARTITIONS);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + Outbox.TABLE + " RESTART IDENTITY");
        }
        int total = rate * seconds;
        long[] committed = new long[total];
        long[] received = new long[total];
        Outbox outbox = Outbox.builder().build();
        CountDownLatch all = new CountDownLatch(total);
        Thread consumerThread;
        KafkaConsumer<String, byte[]> consumer = consumer();
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        consumer.poll(Duration.ZERO);
        consumerThread = new Thread(() -> {
            try {
                while (all.getCount() > 0) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        int seq = Integer.parseInt(record.key().substring(record.key().indexOf(':') + 1));
                        if (received[seq] == 0) {
                            received[seq] = now;
                            all.countDown();
                        }
                    }
                }
            } finally {
                consumer.close();
            }
        }, "latency-consumer");
        consumerThread.start();

        AutoCloseable relay;
        Iterations iterations = new Iterations();
        Thread referenceThread = null;
        if (project) {
            OutboxRelay started = OutboxRelay.builder(dataSource, servers).wakeOn(outbox.commitSignal())
                    .listener(new OutboxRelayListener() {
                        @Override
                        public void batchCompleted(OutboxRelay.BatchResult result, Duration duration) {
                            iterations.add(result.claimed(), duration.toNanos());
                        }
                    }).build();
            started.start();
            relay = started;
        } else {
            ReferenceRelay reference = new ReferenceRelay(dataSource, servers, 500);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            referenceThread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long started = System.nanoTime();
                        int claimed = reference.publishBatch();
                        iterations.add(claimed, System.nanoTime() - started);
                        if (claimed == 0) {
                            Thread.sleep(10);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "reference-relay");
            Thread thread = referenceThread;
            relay = () -> {
                stop.set(true);
                thread.join();
                reference.close();
            };
            referenceThread.start();
        }
        try {
            int writers = 4;
            long step = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int offset = w;
                Thread writer = new Thread(() -> write(outbox, project, topic, total, committed, start,
                        step, offset, writers), "writer-" + w);
                threads.add(writer);
                writer.start();
            }
            for (Thread writer : threads) {
                writer.join();
            }
            if (!all.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (total - all.getCount()) + " of " + total + " received");
            }
        } finally {
            relay.close();
            consumerThread.join();
            System.out.printf(Locale.ROOT, "    %s: %s%n", project ? "project" : "reference", iterations);
        }
        double[] latencies = new double[total];
        for (int i = 0; i < total; i++) {
            latencies[i] = (received[i] - committed[i]) / 1e6;
        }
        Arrays.sort(latencies);
        return new double[] {percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99)};
    }

    /** Writer {@code offset} of {@code writers} writes transactions offset, offset + writers, … on schedule. */
    private void write(Outbox outbox, boolean signal, String topic, int total, long[] committed, long start,
            long stepNanos, int offset, int writers) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (int seq = offset; seq < total; seq += writers) {
                long due = start + seq * stepNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                outbox.insert(connection, List.of(new OutboxEntry("User", Integer.toString(seq), "user_updated",
                        topic, null, "User:" + seq, String.format(Locale.ROOT, PAYLOAD, seq), null)));
                connection.commit();
                committed[seq] = System.nanoTime();
                if (signal) {
                    outbox.committed();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The iterations of one latency run: how many, how long on average, how many rows a non-empty one claimed. At a
     * steady rate an iteration claims what was committed during the one before, so a fixed cost per iteration comes
     * back multiplied in the latency.
     */
    static final class Iterations {
        private final java.util.concurrent.atomic.LongAdder count = new java.util.concurrent.atomic.LongAdder();
        private final java.util.concurrent.atomic.LongAdder empty = new java.util.concurrent.atomic.LongAdder();
        private final java.util.concurrent.atomic.LongAdder rows = new java.util.concurrent.atomic.LongAdder();
        private final java.util.concurrent.atomic.LongAdder nanos = new java.util.concurrent.atomic.LongAdder();

        void add(int claimed, long tookNanos) {
            count.increment();
            rows.add(claimed);
            nanos.add(tookNanos);
            if (claimed == 0) {
                empty.increment();
            }
        }

        @Override
        public String toString() {
            long all = count.sum();
            long full = all - empty.sum();
            return String.format(Locale.ROOT, "%,d iterations (%,d empty), %.2f ms each, %.1f rows per non-empty one",
                    all, empty.sum(), all == 0 ? 0 : nanos.sum() / 1e6 / all, full == 0 ? 0 : rows.sum() / (double) full);
        }
    }

    // ---- statistics ----

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void ratio(String label, double[] top, double[] bottom) {
        double[] ratios = new double[top.length];
        for (int i = 0; i < top.length; i++) {
            ratios[i] = top[i] / bottom[i];
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%-40s %.2f  (%.2f-%.2f)%n", label, median(ratios), ratios[0],
                ratios[ratios.length - 1]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
