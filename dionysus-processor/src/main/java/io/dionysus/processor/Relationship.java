package io.dionysus.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @Serialize} member whose type is another model (to-one) or a collection of one (to-many): written as a
 * link and, when the topic lists its target in {@code with}, sideloaded. A polymorphic to-one (the gem's
 * polymorphic {@code belongs_to}) has an interface or superclass of several models as its type: its link is
 * {@code {"type":<model name>,"id":…}} and its value is written by the serializer of the model it is.
 *
 * @param target the related model, or the declared interface or superclass of a polymorphic relationship
 * @param targetClass its class name
 * @param toMany whether the member is a collection
 * @param declaredType the member's Java type, for locals
 * @param candidates the models a polymorphic relationship can hold, most specific first; empty when it is not
 */
record Relationship(TypeElement target, ClassName targetClass, boolean toMany, TypeName declaredType,
        java.util.List<TypeElement> candidates) {

    Relationship(TypeElement target, ClassName targetClass, boolean toMany, TypeName declaredType) {
        this(target, targetClass, toMany, declaredType, java.util.List.of());
    }

    boolean polymorphic() {
        return !candidates.isEmpty();
    }

    /** Whether {@code model} is this relationship's target or one of its polymorphic candidates. */
    boolean reaches(TypeElement model) {
        return target.equals(model) || candidates.contains(model);
    }

    /** {@code <Model>DionysusSerializer} of a model class. */
    static ClassName serializerOf(ClassName model) {
        return ClassName.get(model.packageName(), String.join("_", model.simpleNames()) + "DionysusSerializer");
    }

    /** {@code <Target>DionysusSerializer}. */
    ClassName targetSerializer() {
        return ClassName.get(targetClass.packageName(),
                String.join("_", targetClass.simpleNames()) + "DionysusSerializer");
    }
}
