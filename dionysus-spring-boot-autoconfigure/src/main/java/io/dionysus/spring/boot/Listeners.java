package io.dionysus.spring.boot;

import io.dionysus.runtime.consumer.ConsumedEvent;
import io.dionysus.runtime.consumer.ConsumerListener;
import io.dionysus.runtime.outbox.OutboxRecord;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Hands the relay's and the consumer's events to every listener bean, in order (metrics, health, the application's). */
final class Listeners {

    private Listeners() {
    }

    static OutboxRelayListener relay(List<OutboxRelayListener> listeners) {
        List<OutboxRelayListener> all = List.copyOf(listeners);
        return new OutboxRelayListener() {
            @Override
            public void started() {
                all.forEach(OutboxRelayListener::started);
            }

            @Override
            public void shuttingDown() {
                all.forEach(OutboxRelayListener::shuttingDown);
            }

            @Override
            public void stopped() {
                all.forEach(OutboxRelayListener::stopped);
            }

            @Override
            public void heartbeat() {
                all.forEach(OutboxRelayListener::heartbeat);
            }

            @Override
            public void published(OutboxRecord record) {
                all.forEach(listener -> listener.published(record));
            }

            @Override
            public void publishingFailed(OutboxRecord record, Throwable error) {
                all.forEach(listener -> listener.publishingFailed(record, error));
            }

            @Override
            public void error(Throwable error) {
                all.forEach(listener -> listener.error(error));
            }
        };
    }

    static ConsumerListener consumer(List<ConsumerListener> listeners) {
        List<ConsumerListener> all = List.copyOf(listeners);
        return new ConsumerListener() {
            @Override
            public void consumeBatch(List<ConsumedEvent> events) {
                all.forEach(listener -> listener.consumeBatch(events));
            }

            @Override
            public void consume(ConsumedEvent event) {
                all.forEach(listener -> listener.consume(event));
            }

            @Override
            public void deadLettered(ConsumerRecord<String, byte[]> record, String deadLetterTopic, Throwable error) {
                all.forEach(listener -> listener.deadLettered(record, deadLetterTopic, error));
            }

            @Override
            public void error(Throwable error) {
                all.forEach(listener -> listener.error(error));
            }
        };
    }
}
