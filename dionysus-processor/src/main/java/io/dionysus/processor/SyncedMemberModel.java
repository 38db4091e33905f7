package io.dionysus.processor;

import javax.lang.model.element.VariableElement;

/**
 * One column of a synced model: a field, the attribute that fills it, and how to read and write it.
 *
 * @param field the field, for diagnostics
 * @param attribute the transformed attribute filling it ({@code synced_id}, {@code name}, …)
 * @param column its column
 * @param valueType how values convert, or {@code null} if unsupported
 * @param getter how to read it, or {@code null}
 * @param setter the setter's name, or {@code null} to assign the field directly
 * @param writable whether it can be assigned (non-private field or setter)
 * @param generatedId whether it is a local {@code @Id} the database generates (read, never written)
 */
record SyncedMemberModel(
        VariableElement field,
        String attribute,
        String column,
        ValueType valueType,
        Accessor getter,
        String setter,
        boolean writable,
        boolean generatedId) {

    String javaName() {
        return field.getSimpleName().toString();
    }
}
