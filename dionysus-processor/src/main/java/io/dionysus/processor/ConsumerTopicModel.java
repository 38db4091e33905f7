package io.dionysus.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @DionysusConsumerTopic}.
 *
 * @param element the class carrying it
 * @param mirror the annotation
 * @param namespace its namespace
 * @param name its name
 * @param deadLetterTopic the dead-letter topic as written ({@code ""} for the default)
 */
record ConsumerTopicModel(TypeElement element, AnnotationMirror mirror, String namespace, String name,
        String deadLetterTopic) {

    String topic() {
        return namespace + "_" + name;
    }

    String effectiveDeadLetterTopic() {
        return deadLetterTopic.isEmpty() ? topic() + "_dlq" : deadLetterTopic;
    }
}
