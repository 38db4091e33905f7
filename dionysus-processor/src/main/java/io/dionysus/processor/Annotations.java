package io.dionysus.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** Reads annotations through mirrors, by qualified name, so no annotation class is ever loaded. */
final class Annotations {

    private Annotations() {
    }

    /** The annotation of that type on the element, or {@code null}. */
    static AnnotationMirror find(Element element, String qualifiedName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(qualifiedName)) {
                return mirror;
            }
        }
        return null;
    }

    /** Direct occurrences of a repeatable annotation plus those inside its container, in source order. */
    static List<AnnotationMirror> repeatable(Element element, String qualifiedName, String containerName) {
        List<AnnotationMirror> result = new ArrayList<>();
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            String name = ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
            if (name.equals(qualifiedName)) {
                result.add(mirror);
            } else if (name.equals(containerName)) {
                Object value = explicitValue(mirror, "value");
                if (value instanceof List<?> list) {
                    for (Object item : list) {
                        result.add((AnnotationMirror) ((AnnotationValue) item).getValue());
                    }
                }
            }
        }
        return result;
    }

    /** A string attribute, its default if not written; {@code ""} when absent or unresolved. */
    static String stringValue(AnnotationMirror mirror, String attribute) {
        if (mirror == null) {
            return "";
        }
        Object value = explicitValue(mirror, attribute);
        if (value == null) {
            ExecutableElement method = attributeMethod(mirror, attribute);
            AnnotationValue fallback = method == null ? null : method.getDefaultValue();
            value = fallback == null ? null : fallback.getValue();
        }
        return value instanceof String s ? s : "";
    }

    /** The value of an attribute in a map from {@code getElementValuesWithDefaults}. */
    static AnnotationValue value(Map<? extends ExecutableElement, ? extends AnnotationValue> values, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : values.entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The value written for an attribute (not its default), or {@code null}. */
    static AnnotationValue explicitAnnotationValue(AnnotationMirror mirror, String attribute) {
        return value(mirror.getElementValues(), attribute);
    }

    private static Object explicitValue(AnnotationMirror mirror, String attribute) {
        AnnotationValue value = explicitAnnotationValue(mirror, attribute);
        return value == null ? null : value.getValue();
    }

    private static ExecutableElement attributeMethod(AnnotationMirror mirror, String attribute) {
        for (Element member : mirror.getAnnotationType().asElement().getEnclosedElements()) {
            if (member instanceof ExecutableElement method && method.getSimpleName().contentEquals(attribute)) {
                return method;
            }
        }
        return null;
    }
}
