package io.dionysus.runtime.consumer;

/**
 * A message could not be applied, and its dead-letter topic refused its dead letter, even reduced, for a reason no
 * retry can fix (e.g. a topic whose {@code max.message.bytes} is smaller than the dead letter's headers, or a topic
 * name the brokers refuse). The consumer logs it at ERROR, tells {@link ConsumerListener#error} with this exception
 * once the batch committed, and goes on: the message is in no dead-letter topic.
 *
 * <p>Public so that a listener can tell such a message, which needs an operator, from a batch that failed and is
 * retried.
 */
public final class DeadLetterRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final long offset;
    private final String deadLetterTopic;

    DeadLetterRefusedException(String topic, int partition, long offset, String deadLetterTopic, String message,
            Throwable refusal) {
        super(message, refusal);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** The topic of the message that could not be applied. */
    public String topic() {
        return topic;
    }

    /** Its partition. */
    public int partition() {
        return partition;
    }

    /** Its offset. */
    public long offset() {
        return offset;
    }

    /** The dead-letter topic that refused it. */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }
}
