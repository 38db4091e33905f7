package io.dionysus.runtime.consumer;

import io.dionysus.runtime.DionysusModelFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message read, transformed, filtered and checked without the database ({@link MessageApplier#plan}): what is left
 * to apply is the reading and writing of synced rows. A plan can be applied more than once (after a rollback).
 *
 * @param topic the topic it came from
 * @param events its events, without those a filter ignored
 * @param setBased whether it can be applied set-based ({@link SetBasedApplier}): none of its records sideloads
 *     others (whose nested persistence and association hooks run per message)
 */
record PlannedMessage(String topic, List<PlannedEvent> events, boolean setBased) {

    /**
     * One event of the message.
     *
     * @param eventName e.g. {@code user_created}
     * @param modelName e.g. {@code User}
     * @param transformed the transformed records, as the listener sees them
     * @param kind {@code created}, {@code updated} or {@code destroyed}; {@code null} for an event this service
     *     ignores
     * @param factory the synced model's factory; {@code null} for an event this service ignores
     * @param records the records to apply, in received order, without those skipped for having no id
     */
    record PlannedEvent(String eventName, String modelName, List<Map<String, Object>> transformed, String kind,
            DionysusModelFactory<?> factory, List<PlannedRecord> records) {

        /** The event as the listener hears of it, with the local changes its records made. */
        ConsumedEvent consumed(String topic, Map<String, Map<String, List<Object>>> changes) {
            return new ConsumedEvent(topic, eventName, modelName, transformed, changes);
        }
    }

    /**
     * One record of an event.
     *
     * @param record the record as received (with its {@code links} and sideloads)
     * @param attributes the transformed record (the {@code synced_*} names)
     * @param syncedId its synced id, as the model's JDBC value
     * @param eventTime its {@code updated_at}, else its {@code created_at}, else {@code null}
     */
    record PlannedRecord(Map<String, Object> record, Map<String, Object> attributes, Object syncedId,
            Instant eventTime) {
    }
}
