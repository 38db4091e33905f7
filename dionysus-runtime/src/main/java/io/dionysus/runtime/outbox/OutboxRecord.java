package io.dionysus.runtime.outbox;

import java.time.Instant;

/**
 * An outbox row as the relay claimed it.
 *
 * @param id the row id (its order of insertion)
 * @param resourceClass the model name
 * @param resourceId the model id as text
 * @param eventName e.g. {@code user_created}
 * @param topic the Kafka topic
 * @param partitionKey the stored partition key, or {@code null}
 * @param messageKey the Kafka key
 * @param payload the Kafka value, or {@code null} for a tombstone
 * @param attempts failed attempts so far
 * @param createdAt when the row was written
 */
public record OutboxRecord(
        long id,
        String resourceClass,
        String resourceId,
        String eventName,
        String topic,
        String partitionKey,
        String messageKey,
        String payload,
        int attempts,
        Instant createdAt) {

    /**
     * The rows whose relative order the relay keeps: same topic and same partition key, or, without one, same
     * message key (Kafka then partitions by it).
     */
    public String orderingKey() {
        return orderingKey(topic, partitionKey, messageKey);
    }

    static String orderingKey(String topic, String partitionKey, String messageKey) {
        return topic + '\u0000' + (partitionKey != null ? "p:" + partitionKey : "k:" + messageKey);
    }
}
