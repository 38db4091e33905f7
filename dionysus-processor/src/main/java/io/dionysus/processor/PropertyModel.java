package io.dionysus.processor;

import javax.lang.model.element.Element;
import javax.lang.model.type.TypeMirror;

/**
 * One attribute of a model as scanned: what it is called in Java and on the wire, how it is read, how it is
 * written. {@code accessor} or {@code valueType} are null when the scan found no way; the validator reports it.
 *
 * @param element the annotated field or method, for diagnostics
 * @param javaName the Java property name
 * @param wireName the JSON key
 * @param type the member's type
 * @param accessor how to read it, or {@code null}
 * @param valueType how to write it, or {@code null} if unsupported
 * @param problem why it cannot be read (a catalogue message), or {@code null}
 * @param relationship the related model, when the member is a relationship rather than an attribute
 */
record PropertyModel(
        Element element,
        String javaName,
        String wireName,
        TypeMirror type,
        Accessor accessor,
        ValueType valueType,
        Messages problem,
        Relationship relationship) {

    PropertyModel(Element element, String javaName, String wireName, TypeMirror type, Accessor accessor,
            ValueType valueType, Messages problem) {
        this(element, javaName, wireName, type, accessor, valueType, problem, null);
    }
}
