package io.dionysus.runtime.internal;

/** Small helpers for generated code; not API. */
public final class ModelSupport {

    private ModelSupport() {
    }

    /** The id as text; a missing id is a programming error (publish after the row is inserted). */
    public static String idText(Object id, String modelName) {
        if (id == null) {
            throw new IllegalArgumentException(modelName + " has no id: publish it after it was inserted");
        }
        return id.toString();
    }

    /** A partition key as text, {@code null} staying {@code null}. */
    public static String keyText(Object value) {
        return value == null ? null : value.toString();
    }
}
