package io.dionysus.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/**
 * One {@code @DionysusTopic} of a model.
 *
 * @param mirror the annotation, for diagnostics
 * @param namespace its namespace
 * @param name its name
 * @param partitionKeyValue the {@code partitionKey} attribute value, for diagnostics
 * @param partitionKey the partition key as written ({@code ""} for the default)
 * @param partitionKeyProperty the member giving the partition key, or {@code null} for none
 * @param genesisReplica whether the genesis twin also gets every message
 */
record TopicModel(
        AnnotationMirror mirror,
        String namespace,
        String name,
        AnnotationValue partitionKeyValue,
        String partitionKey,
        PropertyModel partitionKeyProperty,
        boolean genesisReplica) {

    /** {@code <namespace>_<name>}. */
    String topic() {
        return namespace + "_" + name;
    }

    /** {@code <namespace>_<name>_genesis}. */
    String genesisTopic() {
        return topic() + "_genesis";
    }
}
