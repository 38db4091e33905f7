package io.dionysus.runtime.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * the error. One that is refused for a reason a retry cannot fix (too large for the producer or the topic, or
 * invalid) is sent again <em>reduced</em>: the {@code dionysus-*} headers only, plus
 * {@link DionysusConsumer#REDUCED_HEADER} (why) and {@link DionysusConsumer#ORIGINAL_SIZE_HEADER} (the original
 * value's bytes), and the value cut to what a topic with the broker's default limit takes; if that is refused too,
 * with an empty value. Only a refusal that may pass later (the broker unreachable, not authorized, a timeout) fails
 * the publication, and the consumer retries its batch.
 */
final class DeadLetterPublisher implements AutoCloseable {

    /** The broker's default {@code message.max.bytes}, which topics inherit unless they are given their own. */
    static final int BROKER_DEFAULT_MESSAGE_BYTES = 1_048_588;
    /** Room for a record batch's and a record's framing. */
    private static final int FRAMING_BYTES = 1_024;
    /** The longest error message carried in full in a header; longer ones are cut, and say so. */
    static final int MAX_ERROR_MESSAGE_CHARS = 4_000;
    /** Keys longer than this are dropped from reduced dead letters. */
    private static final int MAX_REDUCED_KEY_BYTES = 1_024;
    private static final Logger LOG = LoggerFactory.getLogger(DionysusConsumer.class);

    private final Map<String, Object> producerConfig;
    private Producer<String, byte[]> producer;

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

    /** Makes the producer now, so that a setting the client rejects when it starts fails the consumer's start. */
    void start() {
        producer();
    }

    /**
     * Sends the dead letters and waits until each one (or its reduced form) was acknowledged.
     *
     * @throws DeadLetterFailure when one could not be sent for a reason a retry may fix
     */
    void publish(List<DeadLetter> letters) throws DeadLetterFailure {
        if (letters.isEmpty()) {
            return;
        }
        Producer<String, byte[]> kafka = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            LOG.warn("dead-lettering {}-{}@{} to {}: {}", letter.record().topic(), letter.record().partition(),
                    letter.record().offset(), letter.topic(), letter.error().toString());
            sent.add(kafka.send(full(letter)));
        }
        try {
            for (int i = 0; i < letters.size(); i++) {
                Throwable refusal = await(sent.get(i));
                if (refusal != null) {
                    sendReduced(kafka, letters.get(i), refusal);
                }
            }
        } catch (DeadLetterFailure e) {
            // an idempotent producer that failed may be left in a state it cannot leave: start afresh
            closeProducer();
            throw e;
        }
    }

    private void sendReduced(Producer<String, byte[]> kafka, DeadLetter letter, Throwable refusal)
            throws DeadLetterFailure {
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
                return;
            }
        }
        throw new DeadLetterFailure(cannotBeRetried(last)
                ? "the dead-letter topic " + letter.topic() + " refused even a dead letter with an empty value"
                : "sending to the dead-letter topic " + letter.topic() + " failed", last);
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

    private static ProducerRecord<String, byte[]> full(DeadLetter letter) {
        ConsumerRecord<String, byte[]> record = letter.record();
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        addOrigin(headers, letter);
        return new ProducerRecord<>(letter.topic(), null, record.key(), record.value(), headers);
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
        return new ProducerRecord<>(letter.topic(), null, keyKept(record) ? record.key() : null, value, headers);
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

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the dead-letter producer failed", e);
            }
            producer = null;
        }
    }

    @Override
    public void close() {
        closeProducer();
    }
}
