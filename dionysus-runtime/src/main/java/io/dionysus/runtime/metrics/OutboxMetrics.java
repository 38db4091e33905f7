package io.dionysus.runtime.metrics;

import io.dionysus.runtime.outbox.OutboxInspector;
import io.dionysus.runtime.outbox.OutboxRecord;
import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The relay's Micrometer meters, usable without Spring: bind it to a registry and give it to the relay as (one of)
 * its listeners. Names follow Micrometer's conventions (dot-separated, base units):
 * <ul>
 *   <li>{@code dionysus.outbox.published} (counter, tag {@code topic}): rows acknowledged and marked published;
 *   <li>{@code dionysus.outbox.failed} (counter, tags {@code topic}, {@code exception}): failed sends, and the
 *       rows charged at once when their topic's metadata could not be had;
 *   <li>{@code dionysus.outbox.batch} (timer): one iteration, claim to commit;
 *   <li>{@code dionysus.outbox.latency} (timer, percentiles 0.5/0.95/0.99): from a row's commit (its
 *       {@code created_at}) to its acknowledgement;
 *   <li>{@code dionysus.outbox.pending}, {@code dionysus.outbox.failing} (gauges, rows): unpublished rows, and those
 *       whose send failed;
 *   <li>{@code dionysus.outbox.oldest.pending.age} (gauge, seconds): age of the oldest unpublished row, 0 when none;
 *   <li>{@code dionysus.outbox.skipped} (gauge, rows): failed rows an operator skipped (never published, kept for
 *       audit until the retention deletes them); neither pending nor published.
 * </ul>
 * The gauges read the table through {@link OutboxInspector}, at most once per {@code refresh} (default 5 s) however
 * often the registry is scraped.
 *
 * <pre>{@code
 * OutboxMetrics metrics = new OutboxMetrics(new OutboxInspector(dataSource));
 * metrics.bindTo(registry);
 * OutboxRelay relay = OutboxRelay.builder(dataSource, servers).listener(metrics).build();
 * }</pre>
 */
public final class OutboxMetrics implements MeterBinder, OutboxRelayListener {

    private final OutboxInspector inspector;
    private final Clock clock;
    private final Duration refresh;
    private volatile MeterRegistry registry;
    private volatile Timer batch;
    private volatile Timer latency;
    private Snapshot snapshot = new Snapshot(0, 0, null, 0, Instant.MIN);

    /** Meters over the outbox {@code inspector} reads, refreshed at most every 5 s. */
    public OutboxMetrics(OutboxInspector inspector) {
        this(inspector, Clock.systemUTC(), Duration.ofSeconds(5));
    }

    /** Meters with a clock (ages and latencies) and a gauge refresh interval. */
    public OutboxMetrics(OutboxInspector inspector, Clock clock, Duration refresh) {
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        this.batch = Timer.builder("dionysus.outbox.batch")
                .description("One relay iteration: claim, send, wait for acknowledgements, mark, commit")
                .register(meterRegistry);
        this.latency = Timer.builder("dionysus.outbox.latency")
                .description("From an outbox row's commit to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meterRegistry);
        Gauge.builder("dionysus.outbox.pending", this, metrics -> metrics.current().pending())
                .description("Outbox rows not yet published").baseUnit("rows").register(meterRegistry);
        Gauge.builder("dionysus.outbox.failing", this, metrics -> metrics.current().failing())
                .description("Unpublished outbox rows whose send failed").baseUnit("rows").register(meterRegistry);
        Gauge.builder("dionysus.outbox.skipped", this, metrics -> metrics.current().skipped())
                .description("Outbox rows an operator skipped: never published, kept for audit").baseUnit("rows")
                .register(meterRegistry);
        Gauge.builder("dionysus.outbox.oldest.pending.age", this, OutboxMetrics::oldestPendingAge)
                .description("Age of the oldest unpublished outbox row").baseUnit("seconds").register(meterRegistry);
    }

    @Override
    public void published(OutboxRecord record) {
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        // the latency first: whoever sees the count has it too
        if (record.createdAt() != null) {
            Duration age = Duration.between(record.createdAt(), clock.instant());
            if (!age.isNegative()) {
                latency.record(age);
            }
        }
        Counter.builder("dionysus.outbox.published").description("Outbox rows published")
                .tag("topic", record.topic()).register(meters).increment();
    }

    @Override
    public void publishingFailed(OutboxRecord record, Throwable error) {
        MeterRegistry meters = registry;
        if (meters != null) {
            Counter.builder("dionysus.outbox.failed").description("Failed sends of outbox rows")
                    .tag("topic", record.topic()).tag("exception", error.getClass().getSimpleName())
                    .register(meters).increment();
        }
    }

    @Override
    public void topicUnavailable(String topic, int rows, Throwable error) {
        MeterRegistry meters = registry;
        if (meters != null && rows > 0) {
            Counter.builder("dionysus.outbox.failed").description("Failed sends of outbox rows")
                    .tag("topic", topic).tag("exception", error.getClass().getSimpleName())
                    .register(meters).increment(rows);
        }
    }

    @Override
    public void batchCompleted(OutboxRelay.BatchResult result, Duration duration) {
        Timer timer = batch;
        if (timer != null) {
            timer.record(duration);
        }
    }

    private double oldestPendingAge() {
        Instant oldest = current().oldestPending();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    /** The last reading of the table, taken again when older than {@code refresh}. */
    private synchronized Snapshot current() {
        Instant now = clock.instant();
        if (Duration.between(snapshot.takenAt(), now).compareTo(refresh) >= 0) {
            long pending = 0;
            long failing = 0;
            Instant oldest = null;
            List<OutboxInspector.TopicStatus> topics = inspector.topics();
            for (OutboxInspector.TopicStatus topic : topics) {
                pending += topic.pending();
                failing += topic.failed();
                if (topic.oldestPending() != null && (oldest == null || topic.oldestPending().isBefore(oldest))) {
                    oldest = topic.oldestPending();
                }
            }
            long skipped = inspector.skipped().values().stream().mapToLong(Long::longValue).sum();
            snapshot = new Snapshot(pending, failing, oldest, skipped, now);
        }
        return snapshot;
    }

    private record Snapshot(long pending, long failing, Instant oldestPending, long skipped, Instant takenAt) {
    }
}
