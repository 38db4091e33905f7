package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @Serialize} member whose type is another model (to-one) or a collection of one (to-many): written as a
 * link and, when the topic lists its target in {@code with}, sideloaded.
 *
 * @param target the related model
 * @param targetClass its class name
 * @param toMany whether the member is a collection
 * @param declaredType the member's Java type, for locals
 */
record Relationship(TypeElement target, ClassName targetClass, boolean toMany, TypeName declaredType) {

    /** {@code <Target>DionysusSerializer}. */
    ClassName targetSerializer() {
        return ClassName.get(targetClass.packageName(),
                String.join("_", targetClass.simpleNames()) + "DionysusSerializer");
    }
}
