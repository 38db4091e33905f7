package io.dionysus.runtime.metrics;

import io.dionysus.runtime.consumer.ConsumerBatch;
import io.dionysus.runtime.consumer.ConsumerListener;
import io.dionysus.runtime.consumer.DionysusConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The consumer's Micrometer meters, usable without Spring: bind it to a registry and give it to the consumer as (one
 * of) its listeners.
 * <ul>
 *   <li>{@code dionysus.consumer.applied}, {@code dionysus.consumer.skipped}, {@code dionysus.consumer.dead.lettered}
 *       (counters, tag {@code topic}): records that changed a synced row, records that changed nothing (tombstones,
 *       events or models this service does not keep, message filters, records older than or equal to the local
 *       copy), records sent to a dead-letter topic;
 *   <li>{@code dionysus.consumer.batch} (timer): one batch, its transaction to its offset commit;
 *   <li>{@code dionysus.consumer.latency} (timer, percentiles 0.5/0.95/0.99): from the producer's outbox commit to
 *       the consumer's commit;
 *   <li>{@code dionysus.consumer.lag} (gauge, records): behind the end of the assigned partitions.
 * </ul>
 */
public final class ConsumerMetrics implements MeterBinder, ConsumerListener {

    private final Supplier<DionysusConsumer.Status> status;
    private volatile MeterRegistry registry;
    private volatile Timer batch;
    private volatile Timer latency;

    /** Meters of a consumer; {@code status} gives its {@link DionysusConsumer#status()} for the lag. */
    public ConsumerMetrics(Supplier<DionysusConsumer.Status> status) {
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        this.batch = Timer.builder("dionysus.consumer.batch")
                .description("One consumed batch: its transaction to its offset commit").register(meterRegistry);
        this.latency = Timer.builder("dionysus.consumer.latency")
                .description("From the producer's outbox commit to the consumer's commit")
                .publishPercentiles(0.5, 0.95, 0.99).register(meterRegistry);
        Gauge.builder("dionysus.consumer.lag", status, current -> {
            DionysusConsumer.Status now = current.get();
            return now == null ? 0 : now.lag();
        }).description("Records behind the end of the assigned partitions").baseUnit("records")
                .register(meterRegistry);
    }

    @Override
    public void batchCompleted(ConsumerBatch completed) {
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        // timers first: whoever sees a count has its latencies too
        batch.record(completed.duration());
        for (Duration each : completed.latencies()) {
            latency.record(each);
        }
        count(meters, "dionysus.consumer.applied", "Records applied", completed.applied());
        count(meters, "dionysus.consumer.skipped", "Records that changed nothing", completed.skipped());
        count(meters, "dionysus.consumer.dead.lettered", "Records sent to a dead-letter topic",
                completed.deadLettered());
    }

    private static void count(MeterRegistry meters, String name, String description, Map<String, Integer> byTopic) {
        byTopic.forEach((topic, count) -> Counter.builder(name).description(description).tag("topic", topic)
                .register(meters).increment(count));
    }
}
