package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * Everything the generators need to know about one published model; built by {@link ModelScanner}, checked by
 * {@link ModelValidator}. Generators read only this, never {@code javax.lang.model}.
 *
 * @param element the model class, for diagnostics and as originating element
 * @param modelClass its class name
 * @param modelName the wire model name ({@code model_name}, key prefix), the simple class name
 * @param eventPrefix the underscored model name, e.g. {@code user}
 * @param attributes the {@code @Serialize} attributes in wire order
 * @param id the id member, or {@code null} if none was found
 * @param topics the topics, in declaration order (none for a model that is only a {@code with} dependency)
 * @param relationships the {@code @Serialize} relationships, in declaration order
 * @param parents the models this one is a {@code with} dependency of
 * @param softDelete the soft-delete member, or {@code null} when the model is not soft-deletable
 * @param publishUpdatesWhenDeleted whether updates of soft-deleted records are published
 * @param observers the models observing this one
 */
record ModelDescriptor(
        TypeElement element,
        ClassName modelClass,
        String modelName,
        String eventPrefix,
        List<PropertyModel> attributes,
        PropertyModel id,
        List<TopicModel> topics,
        List<PropertyModel> relationships,
        List<ParentEdge> parents,
        PropertyModel softDelete,
        boolean publishUpdatesWhenDeleted,
        List<ObserverEdge> observers) {

    ModelDescriptor withParents(List<ParentEdge> edges) {
        return new ModelDescriptor(element, modelClass, modelName, eventPrefix, attributes, id, topics, relationships,
                List.copyOf(edges), softDelete, publishUpdatesWhenDeleted, observers);
    }

    ModelDescriptor withObservers(List<ObserverEdge> edges) {
        return new ModelDescriptor(element, modelClass, modelName, eventPrefix, attributes, id, topics, relationships,
                parents, softDelete, publishUpdatesWhenDeleted, List.copyOf(edges));
    }

    /**
     * Bit i set when the topic sideloads the i-th relationship. As the gem (reference P6/P7): the include list
     * holds, for each {@code with} dependency, its model name's underscored plural and singular
     * ({@code Admin::Member} → {@code admin_members}, {@code admin_member}), and a relationship is sideloaded only
     * when its wire name is in that list and its target (or, for a polymorphic one, one of the models it can hold)
     * is that dependency. A {@code with} dependency under another name still republishes this model but is only
     * linked ({@link Messages#NOT_SIDELOADED} warns about it).
     */
    int sideloadMask(TopicModel topic) {
        int mask = 0;
        for (int i = 0; i < relationships.size(); i++) {
            if (sideloaded(relationships.get(i), topic)) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    /** Whether {@code topic} sideloads {@code relationship}: see {@link #sideloadMask}. */
    static boolean sideloaded(PropertyModel relationship, TopicModel topic) {
        for (TypeElement dependency : topic.with()) {
            if (relationship.relationship().reaches(dependency)
                    && includeNames(dependency).contains(relationship.wireName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The gem's include names of a {@code with} dependency: {@code model_name.plural} and {@code .singular}, i.e.
     * the underscored model name pluralized, and as it is ({@code Coach} → {@code coaches}, {@code coach}).
     */
    static List<String> includeNames(TypeElement dependency) {
        String singular = Naming.underscore(ModelScanner.remoteModelName(dependency));
        return List.of(io.dionysus.runtime.naming.Inflector.pluralize(singular), singular);
    }

    /** {@code <Model>DionysusSerializer}, nested names flattened with underscores. */
    ClassName serializerClass() {
        return generatedName("Serializer");
    }

    /** {@code <Model>DionysusPublisher}. */
    ClassName publisherClass() {
        return generatedName("Publisher");
    }

    private ClassName generatedName(String role) {
        return ClassName.get(modelClass.packageName(), String.join("_", modelClass.simpleNames()) + "Dionysus" + role);
    }
}
