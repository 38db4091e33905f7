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
 * @param partitionKeyResolver whether that member is a resolver ({@code partitionKeyResolver}): its text as it is
 * @param genesisReplica whether the genesis twin also gets every message
 * @param with the {@code with} dependencies
 * @param withValue the {@code with} attribute value, for diagnostics
 * @param rubyPartitioning whether the relay partitions like Ruby producers
 * @param jsonNullTombstone whether tombstones are the 4-byte text {@code null}
 */
record TopicModel(
        AnnotationMirror mirror,
        String namespace,
        String name,
        AnnotationValue partitionKeyValue,
        String partitionKey,
        PropertyModel partitionKeyProperty,
        boolean partitionKeyResolver,
        boolean genesisReplica,
        java.util.List<javax.lang.model.element.TypeElement> with,
        AnnotationValue withValue,
        boolean rubyPartitioning,
        boolean jsonNullTombstone) {

    /** {@code <namespace>_<name>}. */
    String topic() {
        return namespace + "_" + name;
    }

    /** {@code <namespace>_<name>_genesis}. */
    String genesisTopic() {
        return topic() + "_genesis";
    }
}
