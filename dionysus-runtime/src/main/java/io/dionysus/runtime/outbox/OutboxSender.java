package io.dionysus.runtime.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends claimed rows with the relay's idempotent producer, flushes it, and reads the broker's acknowledgements: creates the
 * producer when first needed (and afresh after a failed send), learns the topics' partitions through
 * {@link TopicMetadata}, and picks partitions (Kafka's murmur2 of the partition key, or {@link RubyPartitioner}).
 */
final class OutboxSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final Map<String, Object> producerConfig;
    private final Set<String> rubyPartitionedTopics;
    private final TopicMetadata metadata;
    private Producer<String, byte[]> producer;

    /**
     * @param producerConfig the checked settings, forced ones included
     * @param maxBlockMs the producer's {@code max.block.ms}, as the client reads it
     */
    OutboxSender(Map<String, Object> producerConfig, Set<String> rubyPartitionedTopics, Duration metadataWait,
            long maxBlockMs) {
        this(producerConfig, rubyPartitionedTopics, new TopicMetadata(metadataWait, maxBlockMs));
    }

    /** As above, with the topic metadata given (tests). */
    OutboxSender(Map<String, Object> producerConfig, Set<String> rubyPartitionedTopics, TopicMetadata metadata) {
        this.producerConfig = Map.copyOf(producerConfig);
        this.rubyPartitionedTopics = Set.copyOf(rubyPartitionedTopics);
        this.metadata = metadata;
    }

    /** What became of one row. */
    sealed interface Outcome permits Acknowledged, Failed, NotSent, TopicUnavailable {
    }

    /** The broker acknowledged the row's message. */
    record Acknowledged() implements Outcome {
    }

    /** Sending the row failed; the row is charged with the error. */
    record Failed(Throwable error) implements Outcome {
    }

    /**
     * The row was not sent: its topic's metadata is still being learnt, an earlier send of the batch blocked or
     * failed for a reason that is not the row's, or an earlier row of its ordering key was refused by the producer
     * at once (its caller holds the row back behind that one). Otherwise it is left untouched.
     */
    record NotSent() implements Outcome {
    }

    /** The row was not sent: its topic's lookup failed ({@link Sent#unavailableTopics()}). */
    record TopicUnavailable(Throwable error) implements Outcome {
    }

    /**
     * What became of a batch's rows.
     *
     * @param outcomes one per row, in the order given
     * @param unavailableTopics the topics whose metadata lookup failed, with the error
     * @param producerFailure an exception the producer threw that is no row's fault (a setting that cannot work, a
     *     closed producer), or {@code null}; the rows from the one it hit on are {@link NotSent}
     */
    record Sent(List<Outcome> outcomes, Map<String, Throwable> unavailableTopics, RuntimeException producerFailure) {
    }

    private static final Outcome ACKNOWLEDGED = new Acknowledged();
    private static final Outcome NOT_SENT = new NotSent();

    /**
     * Sends the rows in order and waits for every acknowledgement. A row the producer fails at once, before sending
     * it (a {@code RecordTooLargeException} over {@code max.request.size}, a serialization error), stops the later
     * rows of its ordering key in this batch: they are {@link NotSent}. A failure the broker returns is known only
     * after the later rows were sent beside it.
     *
     * @throws KafkaException when no producer can be made (a setting the client rejects only when it starts, e.g.
     *     an unreadable key store): no row is to blame, so none is charged
     */
    Sent send(List<OutboxRecord> records) {
        List<Outcome> outcomes = new ArrayList<>(records.size());
        Map<String, Throwable> unavailable = new LinkedHashMap<>();
        if (records.isEmpty()) {
            return new Sent(outcomes, unavailable, null);
        }
        Producer<String, byte[]> kafka = producer();
        Set<String> topics = new LinkedHashSet<>();
        records.forEach(record -> topics.add(record.topic()));
        Map<String, TopicMetadata.State> states = metadata.lookUp(kafka, topics);

        List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        // ordering keys with a row the producer failed at once (e.g. over max.request.size): their later rows are
        // not sent, so they are not on the topic ahead of it
        Set<String> stoppedKeys = new HashSet<>();
        // topics whose metadata the producer lost since it was learnt (a send timed out at once in max.block.ms,
        // e.g. the topic was deleted): their later rows are not sent, each would block the thread as long
        Set<String> stoppedTopics = new HashSet<>();
        boolean blocked = false;
        boolean sendFailed = false;
        RuntimeException producerFailure = null;
        for (OutboxRecord record : records) {
            TopicMetadata.State state = states.get(record.topic());
            Future<RecordMetadata> future = null;
            Outcome outcome = null;
            if (state instanceof TopicMetadata.Unavailable failed) {
                unavailable.put(record.topic(), failed.error());
                outcome = new TopicUnavailable(failed.error());
            } else if (blocked || state instanceof TopicMetadata.Pending
                    || stoppedKeys.contains(record.orderingKey()) || stoppedTopics.contains(record.topic())) {
                outcome = NOT_SENT;
            } else {
                try {
                    future = kafka.send(producerRecord(record, ((TopicMetadata.Known) state).partitions()));
                    Throwable refused = failedAtOnce(future);
                    if (refused instanceof org.apache.kafka.common.errors.TimeoutException) {
                        // the failed send closes the producer below, which forgets the learnt partition counts
                        stoppedTopics.add(record.topic());
                    } else if (refused != null) {
                        stoppedKeys.add(record.orderingKey());
                    }
                } catch (ApiException e) {
                    // a refusal of this record or its topic that the client throws rather than returns: the row's
                    // fault; the rest of the batch would likely wait as long, so it stays untouched until the next
                    // iteration
                    outcome = new Failed(e);
                    blocked = true;
                    sendFailed = true;
                } catch (RuntimeException e) {
                    // not about the record (IllegalStateException, IllegalArgumentException, a ConfigException: a
                    // setting that cannot work, a closed producer): the iteration fails, no row is charged
                    outcome = NOT_SENT;
                    producerFailure = e;
                    blocked = true;
                    sendFailed = true;
                }
            }
            outcomes.add(outcome);
            futures.add(future);
        }
        // flush() makes every batch sendable at once (no linger.ms wait per batch) and returns when each send
        // completed, so the futures below are all done
        if (!futures.isEmpty()) {
            try {
                kafka.flush();
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = 0; i < records.size(); i++) {
            Future<RecordMetadata> future = futures.get(i);
            if (future == null) {
                continue;
            }
            try {
                future.get();
                outcomes.set(i, ACKNOWLEDGED);
            } catch (ExecutionException e) {
                outcomes.set(i, new Failed(e.getCause() != null ? e.getCause() : e));
                sendFailed = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.set(i, new Failed(e));
                sendFailed = true;
            }
        }
        if (sendFailed) {
            // a failed idempotent producer may be left in a state it cannot leave: start the next batch afresh
            closeProducer();
        }
        return new Sent(outcomes, unavailable, producerFailure);
    }

    /**
     * Why a send's future already failed (the producer refused the record without sending it: over
     * {@code max.request.size}, or no metadata for its topic within {@code max.block.ms}), or {@code null}.
     */
    private static Throwable failedAtOnce(Future<RecordMetadata> future) {
        if (!future.isDone()) {
            return null;
        }
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The lookups that ended since the last batch (of topics no batch asked for meanwhile), each reported once. */
    Map<String, TopicMetadata.State> completedLookups() {
        return metadata.completed();
    }

    /** The topics whose metadata is still being looked up. */
    Set<String> lookupsUnderWay() {
        return metadata.underWay();
    }

    private ProducerRecord<String, byte[]> producerRecord(OutboxRecord record, int partitions) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(OutboxRelay.OUTBOX_ID_HEADER, Long.toString(record.id()).getBytes(StandardCharsets.US_ASCII));
        if (record.createdAt() != null) {
            headers.add(OutboxRelay.CREATED_AT_HEADER,
                    record.createdAt().toString().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] value = record.payload() == null ? null : record.payload().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(record.topic(), partition(record, partitions), record.messageKey(), value,
                headers);
    }

    /**
     * The partition: on topics partitioned like Ruby producers, CRC-32 as librdkafka's {@code consistent_random};
     * otherwise Kafka's default (murmur2) applied to the stored partition key, or left to Kafka (which hashes the
     * message key) when there is none.
     */
    private Integer partition(OutboxRecord record, int partitions) {
        boolean ruby = rubyPartitionedTopics.contains(record.topic());
        if (record.partitionKey() == null && !ruby) {
            return null;
        }
        if (ruby) {
            return record.partitionKey() != null
                    ? RubyPartitioner.partition(record.partitionKey(), partitions)
                    : RubyPartitioner.partitionForMessageKey(record.messageKey(), partitions);
        }
        byte[] key = record.partitionKey().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            try {
                producer = new KafkaProducer<>(new HashMap<>(producerConfig), new StringSerializer(),
                        new ByteArraySerializer());
            } catch (RuntimeException e) {
                throw new KafkaException("cannot create the relay's Kafka producer: " + e.getMessage()
                        + (e.getCause() != null ? " (" + e.getCause() + ")" : ""), e);
            }
        }
        return producer;
    }

    /** Closes the producer, if one is open; the next send makes a new one. */
    void closeProducer() {
        if (producer != null) {
            metadata.reset();
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the Kafka producer failed", e);
            }
            producer = null;
        }
    }

    @Override
    public void close() {
        closeProducer();
        metadata.close();
    }
}
