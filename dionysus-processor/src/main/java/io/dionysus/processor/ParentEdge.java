package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * Dependency propagation: this model is a {@code with} dependency of {@code parent} on {@code topics}; a change
 * republishes the parent(s) reached through {@code association} as {@code <parent>_updated}.
 *
 * @param parentClass the parent model
 * @param parentPublisher its generated publisher
 * @param association how to reach the parent(s) from this model
 * @param toMany whether the association is a collection
 * @param declaredType the association's Java type
 * @param topics the parent's topics listing this model in {@code with}
 */
record ParentEdge(ClassName parentClass, ClassName parentPublisher, Accessor association, boolean toMany,
        TypeName declaredType, List<String> topics) {
}
