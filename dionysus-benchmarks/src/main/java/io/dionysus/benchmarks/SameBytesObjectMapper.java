package io.dionysus.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.dionysus.runtime.internal.JsonValues;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The fair baseline: Jackson databind configured to write the very bytes the gem (and the generated serializer)
 * writes — ActiveSupport's string escapes, trimmed decimals as strings, millisecond UTC instants.
 */
final class SameBytesObjectMapper {

    private SameBytesObjectMapper() {
    }

    static ObjectMapper create() {
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(new RubyEscapes());
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        SimpleModule module = new SimpleModule();
        module.addSerializer(BigDecimal.class, new JsonSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(JsonValues.decimalText(value));
            }
        });
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(JsonValues.instantText(value));
            }
        });
        mapper.registerModule(module);
        return mapper;
    }

    /** ActiveSupport's escapes as a Jackson {@link CharacterEscapes}. */
    static final class RubyEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();
        private final SerializableString[] sequences = new SerializableString[128];

        RubyEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if ("\b\f\n\r\t".indexOf(c) < 0) {
                    ascii[c] = ESCAPE_CUSTOM;
                    sequences[c] = new SerializedString(String.format("\\u%04x", c));
                }
            }
            for (char c : new char[] {'<', '>', '&'}) {
                ascii[c] = ESCAPE_CUSTOM;
                sequences[c] = new SerializedString(String.format("\\u%04x", (int) c));
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 128) {
                return sequences[ch];
            }
            if (ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
