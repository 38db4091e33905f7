package io.dionysus.processor;

import com.palantir.javapoet.TypeName;

/**
 * How one attribute value is written: a scalar kind, a list/map of scalars, or a free-form value ({@code Object},
 * {@code Map<String, ?>}, {@code List<?>}, {@code JsonNode}) that the runtime walks.
 *
 * @param kind the scalar kind, {@code FREE_FORM}, or {@code LIST}/{@code MAP}
 * @param primitive whether the Java type is a primitive (never null)
 * @param javaType the Java type, for locals in generated code
 * @param element the element (list) or value (map) type, else {@code null}
 */
record ValueType(Kind kind, boolean primitive, TypeName javaType, ValueType element) {

    enum Kind {
        STRING("writeString"), CHAR("writeChar"), BOOLEAN("writeBoolean"), BYTE("writeByte"), SHORT("writeShort"),
        INT("writeInt"), LONG("writeLong"), FLOAT("writeFloat"), DOUBLE("writeDouble"),
        BIG_INTEGER("writeBigInteger"), BIG_DECIMAL("writeBigDecimal"), INSTANT("writeInstant"),
        OFFSET_DATE_TIME("writeOffsetDateTime"), ZONED_DATE_TIME("writeZonedDateTime"),
        LOCAL_DATE_TIME("writeLocalDateTime"), LOCAL_DATE("writeLocalDate"), UUID("writeUuid"), ENUM("writeEnum"),
        BYTES("writeBytes"), FREE_FORM("writeFreeForm"), LIST(null), MAP(null);

        private final String writer;

        Kind(String writer) {
            this.writer = writer;
        }

        /** The {@code JsonValues} method writing a (possibly null) value of this kind. */
        String writer() {
            return writer;
        }
    }

    boolean isContainer() {
        return kind == Kind.LIST || kind == Kind.MAP;
    }

    /** Kinds that can be model ids. */
    boolean canBeId() {
        return switch (kind) {
            case STRING, INT, LONG, SHORT, BIG_INTEGER, UUID -> true;
            default -> false;
        };
    }
}
