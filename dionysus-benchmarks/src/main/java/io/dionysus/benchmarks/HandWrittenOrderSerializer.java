package io.dionysus.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.dionysus.runtime.internal.JsonValues;
import java.io.IOException;

/** The limit: what a careful person writes by hand with jackson-core for the same bytes. */
final class HandWrittenOrderSerializer {

    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString NUMBER = new SerializedString("number");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString TOTAL = new SerializedString("total");
    private static final SerializableString QUANTITY = new SerializedString("quantity");
    private static final SerializableString NOTE = new SerializedString("note");
    private static final SerializableString CREATED_AT = new SerializedString("created_at");
    private static final SerializableString UPDATED_AT = new SerializedString("updated_at");
    private static final SerializableString LINKS = new SerializedString("links");

    private HandWrittenOrderSerializer() {
    }

    static void write(Order order, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(ID);
        gen.writeNumber(order.getId());
        gen.writeFieldName(NUMBER);
        JsonValues.writeString(gen, order.getNumber());
        gen.writeFieldName(STATUS);
        gen.writeString(order.getStatus().name());
        gen.writeFieldName(TOTAL);
        JsonValues.writeBigDecimal(gen, order.getTotal());
        gen.writeFieldName(QUANTITY);
        gen.writeNumber(order.getQuantity());
        gen.writeFieldName(NOTE);
        JsonValues.writeString(gen, order.getNote());
        gen.writeFieldName(CREATED_AT);
        JsonValues.writeInstant(gen, order.getCreatedAt());
        gen.writeFieldName(UPDATED_AT);
        JsonValues.writeInstant(gen, order.getUpdatedAt());
        gen.writeFieldName(LINKS);
        gen.writeStartObject();
        gen.writeEndObject();
        gen.writeEndObject();
    }
}
