package io.dionysus.processor;

import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;

/**
 * Recognizes fields whose getter Lombok generates. Lombok adds getters to the syntax tree while it processes, so
 * Dionysus sees them only when Lombok runs first; this tells a user who listed the processors the other way round
 * what to change instead of leaving them with "no accessor".
 */
final class Lombok {

    private static final List<String> GETTER_ANNOTATIONS = List.of("lombok.Getter", "lombok.Data", "lombok.Value");

    private Lombok() {
    }

    /** Whether the field or its class carries {@code @Getter}, {@code @Data} or {@code @Value}. */
    static boolean generatesGetter(VariableElement field) {
        return annotated(field) || annotated(field.getEnclosingElement());
    }

    private static boolean annotated(Element element) {
        for (String annotation : GETTER_ANNOTATIONS) {
            if (Annotations.find(element, annotation) != null) {
                return true;
            }
        }
        return false;
    }
}
