package io.dionysus.runtime.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the messages a consumer cannot apply to their dead-letter topics and waits for the acknowledgements.
 *
 * <p>A dead letter is the original key, value and headers plus the {@code dionysus-*} headers naming its origin and
 * the error. A record without a key gets one, {@code <topic>-<partition>-<offset>} of the original, so that a
 * compacted dead-letter topic (which refuses records without a key) takes it. One that is refused for a reason a
 * retry cannot fix (too large for the producer or the topic, or invalid) is sent again <em>reduced</em>: the
 * {@code dionysus-*} headers only, plus {@link DionysusConsumer#REDUCED_HEADER} (why) and
 * {@link DionysusConsumer#ORIGINAL_SIZE_HEADER} (the original value's bytes), and the value cut to what a topic with
 * the broker's default limit takes; if that is refused too, with an empty value. If even that is refused for such a
 * reason, or the dead-letter topic's name is refused, no retry can help: the dead letter is <em>dropped</em>, logged
 * at ERROR with the record's coordinates, key, size and the reason, and reported ({@link Tries#dropped()}), and the
 * partition goes on. Only a refusal that may pass later (the broker unreachable, not authorized, a timeout) fails the
 * publication, and the consumer retries its batch; dead letters acknowledged in an earlier try of the batch are not
 * sent again ({@link Tries}).
 */
final class DeadLetterPublisher implements AutoCloseable {

    /** The broker's default {@code message.max.bytes}, which topics inherit unless they are given their own. */
    static final int BROKER_DEFAULT_MESSAGE_BYTES = 1_048_588;
    /** Room for a record batch's and a record's framing. */
    private static final int FRAMING_BYTES = 1_024;
    /** The longest error message carried in full in a header; longer ones are cut, and say so. */
    static final int MAX_ERROR_MESSAGE_CHARS = 4_000;
    /** Keys longer than this are replaced by the original's coordinates in reduced dead letters. */
    private static final int MAX_REDUCED_KEY_BYTES = 1_024;
    private static final Logger LOG = LoggerFactory.getLogger(DionysusConsumer.class);

    private final Map<String, Object> producerConfig;
    private volatile Producer<String, byte[]> producer;
    private volatile boolean aborted;

    /** @param producerConfig the dead-letter producer's settings, checked and sized by the builder */
    DeadLetterPublisher(Map<String, Object> producerConfig) {
        this.producerConfig = new HashMap<>(producerConfig);
    }

    /** A message to dead-letter: the record, its dead-letter topic, and why it could not be applied. */
    record DeadLetter(ConsumerRecord<String, byte[]> record, String topic, Throwable error) {
    }

    /** A dead letter could not be sent for a reason that may pass: the batch is retried, not committed. */
    static final class DeadLetterFailure extends Exception {
        private static final long serialVersionUID = 1L;

        DeadLetterFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The dead letters of one polled batch across its tries, by the original record's coordinates: those
     * acknowledged, which a retry of the batch does not send again, and those dropped, refused for good.
     */
    static final class Tries {
        private final Map<String, Boolean> acknowledged = new HashMap<>();
        private final Map<String, DeadLetterRefusedException> dropped = new LinkedHashMap<>();

        /** Whether the record's dead letter reached its topic. */
        boolean acknowledged(ConsumerRecord<?, ?> record) {
            return acknowledged.containsKey(coordinates(record));
        }

        /** The dead letters refused for good, each once. */
        List<DeadLetterRefusedException> dropped() {
            return List.copyOf(dropped.values());
        }

        private boolean settled(ConsumerRecord<?, ?> record) {
            return acknowledged.containsKey(coordinates(record)) || dropped.containsKey(coordinates(record));
        }
    }

    /** Makes the producer now, so that a setting the client rejects when it starts fails the consumer's start. */
    void start() {
        aborted = false;
        producer();
    }

    /**
     * Sends the dead letters not settled in an earlier try of their batch, and waits until each one (or its reduced
     * form) was acknowledged or dropped; records which in {@code tries}.
     *
     * @throws DeadLetterFailure when one could not be sent for a reason a retry may fix (those acknowledged
     *     meanwhile are recorded all the same)
     */
    void publish(List<DeadLetter> letters, Tries tries) throws DeadLetterFailure {
        List<DeadLetter> due = letters.stream().filter(letter -> !tries.settled(letter.record())).toList();
        if (due.isEmpty()) {
            return;
        }
        if (aborted) {
            throw new DeadLetterFailure("the consumer is closing", null);
        }
        Producer<String, byte[]> kafka = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(due.size());
        try {
            for (DeadLetter letter : due) {
                LOG.warn("dead-lettering {}-{}@{} to {}: {}", letter.record().topic(), letter.record().partition(),
                        letter.record().offset(), letter.topic(), letter.error().toString());
                sent.add(kafka.send(full(letter)));
            }
        } catch (RuntimeException e) {
            if (aborted) {
                throw new DeadLetterFailure("the consumer is closing", e);
            }
            throw e; // a producer that cannot work (e.g. a setting the client only rejects at send)
        }
        DeadLetterFailure failure = null;
        for (int i = 0; i < due.size(); i++) {
            DeadLetter letter = due.get(i);
            try {
                Throwable refusal = await(sent.get(i));
                if (refusal == null || sendReduced(kafka, letter, refusal, tries)) {
                    tries.acknowledged.put(coordinates(letter.record()), Boolean.TRUE);
                }
            } catch (DeadLetterFailure e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            // an idempotent producer that failed may be left in a state it cannot leave: start afresh
            closeProducer();
            throw failure;
        }
    }

    /**
     * Answers a refusal: a topic name refused drops the letter; a refusal of the record itself sends it reduced,
     * and drops it if even that is refused so. Returns whether it was acknowledged.
     *
     * @throws DeadLetterFailure when a refusal may pass later
     */
    private boolean sendReduced(Producer<String, byte[]> kafka, DeadLetter letter, Throwable refusal, Tries tries)
            throws DeadLetterFailure {
        if (refusal instanceof InvalidTopicException) {
            drop(letter, refusal, tries);
            return false;
        }
        Throwable last = refusal;
        for (int budget : List.of(reducedValueBudget(letter, refusal), 0)) {
            if (!cannotBeRetried(last)) {
                break;
            }
            LOG.warn("the dead letter of {}-{}@{} was refused ({}); sending it reduced, its value cut to {} of {}"
                    + " bytes", letter.record().topic(), letter.record().partition(), letter.record().offset(),
                    last.toString(), budget, valueSize(letter.record()));
            last = await(kafka.send(reduced(letter, refusal, budget)));
            if (last == null) {
                return true;
            }
        }
        if (cannotBeRetried(last)) {
            drop(letter, last, tries);
            return false;
        }
        throw new DeadLetterFailure("sending to the dead-letter topic " + letter.topic() + " failed", last);
    }

    private static void drop(DeadLetter letter, Throwable reason, Tries tries) {
        ConsumerRecord<String, byte[]> record = letter.record();
        DeadLetterRefusedException dropped = new DeadLetterRefusedException(record.topic(), record.partition(),
                record.offset(), letter.topic(), "the dead-letter topic " + letter.topic() + " refused the dead letter"
                + " of " + record.topic() + "-" + record.partition() + "@" + record.offset() + " (key " + record.key()
                + ", " + valueSize(record) + " bytes), even reduced, for a reason no retry can fix: " + reason
                + "; it is dropped and the partition goes on (the error that made it a dead letter: "
                + letter.error() + ")", reason);
        LOG.error(dropped.getMessage(), reason);
        tries.dropped.put(coordinates(record), dropped);
    }

    /** {@code null} when acknowledged, else why not. */
    private static Throwable await(Future<RecordMetadata> future) throws DeadLetterFailure {
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterFailure("interrupted while sending dead letters", e);
        }
    }

    /** Refusals of the record itself, which the same record meets again on every retry. */
    static boolean cannotBeRetried(Throwable refusal) {
        return refusal instanceof RecordTooLargeException || refusal instanceof RecordBatchTooLargeException
                || refusal instanceof InvalidRecordException;
    }

    /** The key of a dead letter: the original's, or for a record without one, its coordinates. */
    static String key(ConsumerRecord<String, byte[]> record) {
        return record.key() != null ? record.key() : coordinates(record);
    }

    private static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "-" + record.offset();
    }

    private static ProducerRecord<String, byte[]> full(DeadLetter letter) {
        ConsumerRecord<String, byte[]> record = letter.record();
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        addOrigin(headers, letter);
        return new ProducerRecord<>(letter.topic(), null, key(record), record.value(), headers);
    }

    private static ProducerRecord<String, byte[]> reduced(DeadLetter letter, Throwable refusal, int valueBudget) {
        ConsumerRecord<String, byte[]> record = letter.record();
        RecordHeaders headers = new RecordHeaders();
        addOrigin(headers, letter);
        int dropped = record.headers().toArray().length;
        headers.add(DionysusConsumer.REDUCED_HEADER, utf8(refusal.getClass().getName() + ": "
                + limited(String.valueOf(refusal.getMessage())) + "; the original headers (" + dropped
                + ") are left out" + (keyKept(record) ? "" : ", and the key ("
                + utf8(record.key()).length + " bytes)")));
        headers.add(DionysusConsumer.ORIGINAL_SIZE_HEADER, utf8(Integer.toString(valueSize(record))));
        byte[] value = record.value() == null ? null
                : Arrays.copyOf(record.value(), Math.min(valueBudget, record.value().length));
        return new ProducerRecord<>(letter.topic(), null, keyKept(record) ? key(record) : coordinates(record), value,
                headers);
    }

    /** What is left of the broker's default limit once the key and the reduced letter's headers are in. */
    private static int reducedValueBudget(DeadLetter letter, Throwable refusal) {
        ProducerRecord<String, byte[]> empty = reduced(letter, refusal, 0);
        int overhead = FRAMING_BYTES + (empty.key() == null ? 0 : utf8(empty.key()).length);
        for (Header header : empty.headers()) {
            overhead += utf8(header.key()).length + (header.value() == null ? 0 : header.value().length) + 10;
        }
        return Math.max(0, Math.min(valueSize(letter.record()), BROKER_DEFAULT_MESSAGE_BYTES - overhead));
    }

    private static boolean keyKept(ConsumerRecord<String, byte[]> record) {
        return record.key() == null || utf8(record.key()).length <= MAX_REDUCED_KEY_BYTES;
    }

    private static int valueSize(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? 0 : record.value().length;
    }

    private static void addOrigin(RecordHeaders headers, DeadLetter letter) {
        ConsumerRecord<String, byte[]> record = letter.record();
        headers.add(DionysusConsumer.ORIGINAL_TOPIC_HEADER, utf8(record.topic()));
        headers.add(DionysusConsumer.ORIGINAL_PARTITION_HEADER, utf8(Integer.toString(record.partition())));
        headers.add(DionysusConsumer.ORIGINAL_OFFSET_HEADER, utf8(Long.toString(record.offset())));
        headers.add(DionysusConsumer.ERROR_CLASS_HEADER, utf8(letter.error().getClass().getName()));
        headers.add(DionysusConsumer.ERROR_MESSAGE_HEADER, utf8(limited(String.valueOf(letter.error().getMessage()))));
    }

    /** The text, or its first {@link #MAX_ERROR_MESSAGE_CHARS} characters and how many more there were. */
    static String limited(String text) {
        if (text.length() <= MAX_ERROR_MESSAGE_CHARS) {
            return text;
        }
        return text.substring(0, MAX_ERROR_MESSAGE_CHARS) + "… (" + (text.length() - MAX_ERROR_MESSAGE_CHARS)
                + " more characters)";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(new HashMap<>(producerConfig), new StringSerializer(),
                    new ByteArraySerializer());
        }
        return producer;
    }

    /**
     * From another thread, when the consumer is closing: abandons the sends under way (a dead letter waiting up to
     * {@code max.block.ms} for its topic's metadata, or up to {@code delivery.timeout.ms} for its acknowledgement),
     * whose batch is then not committed and is read again on the next start, and refuses later ones.
     */
    void abort() {
        aborted = true;
        Producer<String, byte[]> current = producer;
        if (current != null) {
            try {
                current.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("aborting the dead-letter producer failed", e);
            }
        }
    }

    private void closeProducer() {
        Producer<String, byte[]> current = producer;
        producer = null;
        if (current != null) {
            try {
                current.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the dead-letter producer failed", e);
            }
        }
    }

    @Override
    public void close() {
        closeProducer();
    }
}
