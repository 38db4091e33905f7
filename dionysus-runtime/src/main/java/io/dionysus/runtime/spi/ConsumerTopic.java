package io.dionysus.runtime.spi;

/**
 * A topic this application consumes, as declared with {@code @DionysusConsumerTopic}.
 *
 * @param topic the topic, {@code <namespace>_<name>}
 * @param deadLetterTopic where messages that cannot be applied go
 */
public record ConsumerTopic(String topic, String deadLetterTopic) {
}
