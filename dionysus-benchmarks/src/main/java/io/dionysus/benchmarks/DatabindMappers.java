package io.dionysus.benchmarks;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dionysus.runtime.internal.JsonValues;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.TimeZone;

/**
 * Jackson databind {@code ObjectMapper}s writing the very bytes the gem (and the generated serializer) writes:
 * ActiveSupport's string escapes, decimals as trimmed strings, millisecond UTC instants.
 */
final class DatabindMappers {

    private DatabindMappers() {
    }

    /**
     * The baseline: databind as a team would configure it for these bytes, with its own features wherever it has
     * one — snake_case naming, the jsr310 module with a format override for {@code Instant}, {@link CharacterEscapes}
     * for the escapes — and a custom serializer only where it has none (Ruby's trimmed decimal notation).
     */
    static ObjectMapper stock() {
        ObjectMapper mapper = new ObjectMapper(rubyEscapingFactory());
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.configOverride(Instant.class).setFormat(
                JsonFormat.Value.forPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withTimeZone(TimeZone.getTimeZone("UTC")));
        SimpleModule decimals = new SimpleModule();
        decimals.addSerializer(BigDecimal.class, new JsonSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                String plain = value.stripTrailingZeros().toPlainString();
                gen.writeString(plain.indexOf('.') < 0 ? plain + ".0" : plain);
            }
        });
        mapper.registerModule(decimals);
        return mapper;
    }

    /**
     * For reference, not the baseline: databind with Dionysus's own value formatting plugged in as custom
     * serializers, so that what remains is the cost of databind's machinery over jackson-core.
     */
    static ObjectMapper withDionysusFormatters() {
        ObjectMapper mapper = new ObjectMapper(rubyEscapingFactory());
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        SimpleModule module = new SimpleModule();
        module.addSerializer(BigDecimal.class, new JsonSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                JsonValues.writeBigDecimal(gen, value);
            }
        });
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                JsonValues.writeInstant(gen, value);
            }
        });
        mapper.registerModule(module);
        return mapper;
    }

    private static JsonFactory rubyEscapingFactory() {
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(new RubyEscapes());
        return factory;
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
