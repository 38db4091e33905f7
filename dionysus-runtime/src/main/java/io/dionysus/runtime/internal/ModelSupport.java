package io.dionysus.runtime.internal;

/** Small helpers for generated code; not API. */
public final class ModelSupport {

    private ModelSupport() {
    }

    /** The id as text; a missing id is a programming error (publish after the row is inserted). */
    public static String idText(Object id, String modelName) {
        if (id == null) {
            throw new IllegalArgumentException(modelName + " has no id: publish it after it was inserted (with"
                    + " Hibernate, a lazy proxy whose id is read through a field has none either: give the entity a"
                    + " getter, see DIONYSUS_ENTITY_FIELD_READ)");
        }
        return id.toString();
    }

    /**
     * A partition key as dionysus-rb computes an attribute partition key: Ruby's {@code value.to_i.to_s}. Integers
     * as they are; text by its leading integer ({@code "42abc"} → {@code "42"}, a UUID → its leading digits,
     * {@code "abc"} → {@code "0"}); {@code null} → {@code "0"}. Only for topics shared with Ruby producers.
     */
    public static String rubyKeyText(Object value) {
        if (value == null) {
            return "0";
        }
        if (value instanceof Number number && !(value instanceof java.math.BigDecimal)
                && !(value instanceof Double) && !(value instanceof Float)) {
            return number.toString();
        }
        if (value instanceof Number number) {
            return new java.math.BigDecimal(number.toString()).toBigInteger().toString();
        }
        String text = value.toString().stripLeading();
        StringBuilder digits = new StringBuilder();
        int i = 0;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            if (text.charAt(i) == '-') {
                digits.append('-');
            }
            i++;
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '_' && digits.length() > 0 && i + 1 < text.length()
                    && Character.isDigit(text.charAt(i + 1)) && Character.isDigit(text.charAt(i - 1))) {
                continue;
            } else {
                break;
            }
        }
        String result = digits.toString();
        if (result.isEmpty() || result.equals("-")) {
            return "0";
        }
        return new java.math.BigInteger(result).toString();
    }

    /** A partition key as text, {@code null} staying {@code null}. */
    public static String keyText(Object value) {
        return value == null ? null : value.toString();
    }

    private static final com.fasterxml.jackson.core.SerializableString TYPE =
            new com.fasterxml.jackson.core.io.SerializedString("type");
    private static final com.fasterxml.jackson.core.SerializableString ID =
            new com.fasterxml.jackson.core.io.SerializedString("id");

    /**
     * The link of a polymorphic to-one relationship (the gem's polymorphic {@code belongs_to}, reference §2 and
     * §5.5): {@code {"type":"Property","id":123}}, the type being the held model's wire name; {@code null} when
     * the relationship is empty. {@code serializer} is the held model's, chosen by the generated
     * {@code instanceof} chain.
     *
     * @throws IllegalArgumentException when {@code value} is of no model the relationship can hold
     */
    public static void writePolymorphicLink(com.fasterxml.jackson.core.JsonGenerator gen, Object value,
            io.dionysus.runtime.DionysusSerializer<?> serializer, String relationship) throws java.io.IOException {
        if (value == null) {
            gen.writeNull();
            return;
        }
        io.dionysus.runtime.DionysusSerializer<Object> held = held(value, serializer, relationship);
        gen.writeStartObject();
        gen.writeFieldName(TYPE);
        gen.writeString(held.modelName());
        gen.writeFieldName(ID);
        held.writeId(value, gen);
        gen.writeEndObject();
    }

    /**
     * The sideloaded record of a polymorphic to-one relationship, written by the held model's serializer without
     * further sideloads; {@code null} when the relationship is empty.
     *
     * @throws IllegalArgumentException when {@code value} is of no model the relationship can hold
     */
    public static void writePolymorphic(com.fasterxml.jackson.core.JsonGenerator gen, Object value,
            io.dionysus.runtime.DionysusSerializer<?> serializer, String relationship) throws java.io.IOException {
        if (value == null) {
            gen.writeNull();
            return;
        }
        held(value, serializer, relationship).write(value, gen, 0);
    }

    @SuppressWarnings("unchecked") // the generated chain picked the serializer by instanceof of this very value
    private static io.dionysus.runtime.DionysusSerializer<Object> held(Object value,
            io.dionysus.runtime.DionysusSerializer<?> serializer, String relationship) {
        if (serializer == null) {
            throw new IllegalArgumentException("relationship \"" + relationship + "\" holds a "
                    + value.getClass().getName() + ", which is none of the models compiled with it that it can"
                    + " hold; publish that class as a model (@DionysusTopic, or a with dependency) in the same"
                    + " compilation");
        }
        return (io.dionysus.runtime.DionysusSerializer<Object>) serializer;
    }
}
