package io.dionysus.runtime.outbox;

import java.util.Objects;

/**
 * One row to write into {@code dionysus_outboxes}: a message for one topic, serialized at write time.
 *
 * @param resourceClass the model name, e.g. {@code User}
 * @param resourceId the model's id as text
 * @param eventName e.g. {@code user_created}
 * @param topic the Kafka topic, e.g. {@code dionysus_demo_users}
 * @param partitionKey the partition key, or {@code null} to partition by the message key
 * @param messageKey the Kafka key, e.g. {@code User:1}
 * @param payload the Kafka value, or {@code null} for a tombstone
 * @param changeset what changed, as JSON, or {@code null}
 */
public record OutboxEntry(
        String resourceClass,
        String resourceId,
        String eventName,
        String topic,
        String partitionKey,
        String messageKey,
        String payload,
        String changeset) {

    public OutboxEntry {
        Objects.requireNonNull(resourceClass, "resourceClass");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(messageKey, "messageKey");
    }
}
