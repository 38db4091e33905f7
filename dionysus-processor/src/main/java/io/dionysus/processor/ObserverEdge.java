package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * An observer of this model (the gem's {@code observe:}): when one of {@code attributes} changes, every record of
 * {@code observerClass} reached through {@code steps} is republished as {@code <observer>_updated} on its topics.
 *
 * @param observerClass the observing model
 * @param observerPublisher its generated publisher
 * @param attributes the observed attributes, Java and wire names
 * @param steps the path from this model to the observers
 * @param topics the observer's topics
 */
record ObserverEdge(ClassName observerClass, ClassName observerPublisher, List<String> attributes,
        List<Step> steps, List<String> topics) {

    /**
     * One member of the path.
     *
     * @param accessor how to read it
     * @param toMany whether it is a collection
     * @param declaredType its Java type, for locals
     * @param elementType the type of its elements (or itself when to-one)
     */
    record Step(Accessor accessor, boolean toMany, TypeName declaredType, TypeName elementType) {
    }
}
