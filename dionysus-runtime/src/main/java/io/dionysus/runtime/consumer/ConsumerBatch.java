package io.dionysus.runtime.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one committed batch did, for metrics: per topic, the records applied (they changed a synced row), skipped
 * (they changed nothing: a tombstone, an event or model this service does not keep, a message filter, a record
 * older than the local copy or equal to it) and dead-lettered.
 *
 * @param records the records of the batch
 * @param duration from the start of its processing (planning, applying, dead letters) to its database commit; the
 *        offset commit follows
 * @param applied records applied, by topic
 * @param skipped records that changed nothing, by topic
 * @param deadLettered records sent to a dead-letter topic, by topic
 * @param latencies for each applied record, from its outbox row's commit (the relay's {@code dionysus-created-at}
 *     header; else the Kafka record timestamp) to this batch's commit
 */
public record ConsumerBatch(int records, Duration duration, Map<String, Integer> applied, Map<String, Integer> skipped,
        Map<String, Integer> deadLettered, List<Duration> latencies) {
}
