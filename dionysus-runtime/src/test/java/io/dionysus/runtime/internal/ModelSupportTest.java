package io.dionysus.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonGenerator;
import io.dionysus.runtime.DionysusSerializer;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Polymorphic links as the gem's consumer reads them (reference §2, §5.5). */
class ModelSupportTest {

    record Property(long id) {
    }

    static final DionysusSerializer<Property> PROPERTY = new DionysusSerializer<>() {
        @Override
        public String modelName() {
            return "Admin::Property";
        }

        @Override
        public String eventPrefix() {
            return "admin_property";
        }

        @Override
        public String id(Property model) {
            return String.valueOf(model.id());
        }

        @Override
        public void write(Property model, JsonGenerator gen, int sideloads) throws IOException {
            gen.writeStartObject();
            gen.writeNumberField("id", model.id());
            gen.writeObjectFieldStart("links");
            gen.writeEndObject();
            gen.writeEndObject();
        }

        @Override
        public void writeId(Property model, JsonGenerator gen) throws IOException {
            gen.writeNumber(model.id());
        }

        @Override
        public void writeDeleted(Property model, JsonGenerator gen) {
            throw new UnsupportedOperationException();
        }
    };

    private interface Body {
        void write(JsonGenerator gen) throws IOException;
    }

    private static String json(Body body) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = JsonValues.FACTORY.createGenerator(out)) {
            body.write(gen);
        }
        return out.toString();
    }

    @Test
    void aPolymorphicLinkIsTypeThenIdAndItsSideloadTheHeldModelsRecord() throws IOException {
        Property property = new Property(123);
        assertEquals("{\"type\":\"Admin::Property\",\"id\":123}",
                json(gen -> ModelSupport.writePolymorphicLink(gen, property, PROPERTY, "bookable")));
        assertEquals("{\"id\":123,\"links\":{}}",
                json(gen -> ModelSupport.writePolymorphic(gen, property, PROPERTY, "bookable")));
        assertEquals("null", json(gen -> ModelSupport.writePolymorphicLink(gen, null, null, "bookable")));
        assertEquals("null", json(gen -> ModelSupport.writePolymorphic(gen, null, null, "bookable")));
    }

    @Test
    void aValueOfNoKnownModelIsRefusedNamingTheRelationship() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> json(gen -> ModelSupport.writePolymorphicLink(gen, "a string", null, "bookable")));
        assertEquals("relationship \"bookable\" holds a java.lang.String, which is none of the models compiled with"
                + " it that it can hold; publish that class as a model (@DionysusTopic, or a with dependency) in the"
                + " same compilation", refused.getMessage());
    }
}
