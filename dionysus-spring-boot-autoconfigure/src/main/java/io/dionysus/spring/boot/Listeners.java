package io.dionysus.spring.boot;

import io.dionysus.runtime.consumer.ConsumedEvent;
import io.dionysus.runtime.consumer.ConsumerBatch;
import io.dionysus.runtime.consumer.ConsumerListener;
import io.dionysus.runtime.outbox.OutboxRecord;
import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the relay's and the consumer's events to every listener bean in order (metrics, health, the
 * application's). One that throws is logged and the others still hear the event.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private Listeners() {
    }

    private static <T> void each(List<T> listeners, String event, Consumer<T> call) {
        for (T listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("Dionysus listener {} failed on {}", listener.getClass().getName(), event, e);
            }
        }
    }

    static OutboxRelayListener relay(List<OutboxRelayListener> listeners) {
        List<OutboxRelayListener> all = List.copyOf(listeners);
        return new OutboxRelayListener() {
            @Override
            public void started() {
                each(all, "started", OutboxRelayListener::started);
            }

            @Override
            public void shuttingDown() {
                each(all, "shutting_down", OutboxRelayListener::shuttingDown);
            }

            @Override
            public void stopped() {
                each(all, "stopped", OutboxRelayListener::stopped);
            }

            @Override
            public void heartbeat() {
                each(all, "heartbeat", OutboxRelayListener::heartbeat);
            }

            @Override
            public void published(OutboxRecord record) {
                each(all, "published", listener -> listener.published(record));
            }

            @Override
            public void publishingFailed(OutboxRecord record, Throwable error) {
                each(all, "publishing_failed", listener -> listener.publishingFailed(record, error));
            }

            @Override
            public void topicUnavailable(String topic, int rows, Throwable error) {
                each(all, "topic_unavailable", listener -> listener.topicUnavailable(topic, rows, error));
            }

            @Override
            public void batchCompleted(OutboxRelay.BatchResult result, Duration duration) {
                each(all, "batch_completed", listener -> listener.batchCompleted(result, duration));
            }

            @Override
            public void error(Throwable error) {
                each(all, "error", listener -> listener.error(error));
            }
        };
    }

    static ConsumerListener consumer(List<ConsumerListener> listeners) {
        List<ConsumerListener> all = List.copyOf(listeners);
        return new ConsumerListener() {
            @Override
            public void consumeBatch(List<ConsumedEvent> events) {
                each(all, "consume_batch", listener -> listener.consumeBatch(events));
            }

            @Override
            public void consume(ConsumedEvent event) {
                each(all, "consume", listener -> listener.consume(event));
            }

            @Override
            public void deadLettered(ConsumerRecord<String, byte[]> record, String deadLetterTopic, Throwable error) {
                each(all, "dead_lettered", listener -> listener.deadLettered(record, deadLetterTopic, error));
            }

            @Override
            public void batchCompleted(ConsumerBatch batch) {
                each(all, "batch_completed", listener -> listener.batchCompleted(batch));
            }

            @Override
            public void error(Throwable error) {
                each(all, "error", listener -> listener.error(error));
            }
        };
    }
}
