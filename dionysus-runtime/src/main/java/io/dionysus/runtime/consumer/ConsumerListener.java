package io.dionysus.runtime.consumer;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * After-hooks of the consumer, as the gem's event bus: {@code dionysus.consume_batch} then
 * {@code dionysus.consume} per event, called after the batch's database transaction and offsets were committed.
 * Exceptions thrown here are logged and do not stop the consumer. All methods default to no-ops.
 */
public interface ConsumerListener {

    /** The gem's {@code dionysus.consume_batch}: every event of one polled batch. */
    default void consumeBatch(List<ConsumedEvent> events) {
    }

    /** The gem's {@code dionysus.consume}: one event. */
    default void consume(ConsumedEvent event) {
    }

    /**
     * A message could not be applied and went to the dead-letter topic: told once, after its dead letter was
     * acknowledged and the batch committed.
     */
    default void deadLettered(ConsumerRecord<String, byte[]> record, String deadLetterTopic, Throwable error) {
    }

    /** A batch committed, with its offsets: what it applied, skipped and dead-lettered, for metrics. */
    default void batchCompleted(ConsumerBatch batch) {
    }

    /**
     * Something went wrong that no message's dead letter reports: a batch failed as a whole (e.g. the database is
     * down) and will be retried; a dead letter was dropped, refused for good by its topic (a
     * {@link DeadLetterRefusedException}, told once the batch committed); or the loop ended on an error it cannot go
     * on from ({@link DionysusConsumer#status()} then says it is not running).
     */
    default void error(Throwable error) {
    }

    /** A listener that does nothing. */
    ConsumerListener NONE = new ConsumerListener() {
    };
}
