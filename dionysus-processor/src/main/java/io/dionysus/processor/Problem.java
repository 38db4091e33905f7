package io.dionysus.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * One problem found by a validator, located as precisely as javac allows.
 *
 * @param message the catalogue entry
 * @param element where
 * @param mirror the annotation at fault, or {@code null}
 * @param value the annotation value at fault, or {@code null}
 * @param args the message's arguments
 */
record Problem(Messages message, Element element, AnnotationMirror mirror, AnnotationValue value, Object[] args) {

    static Problem on(Messages message, Element element, Object... args) {
        return new Problem(message, element, null, null, args);
    }

    static Problem onAnnotation(Messages message, Element element, AnnotationMirror mirror, AnnotationValue value,
            Object... args) {
        return new Problem(message, element, mirror, value, args);
    }
}
