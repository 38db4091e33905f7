package io.dionysus.runtime.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts received JSON values (String, Long, BigInteger, BigDecimal, Double, Boolean, List, Map, null) to the
 * member types of synced models: the inverse of {@link JsonValues}. For generated code; not API. A value that does
 * not convert throws {@link IllegalArgumentException} naming the attribute, and the message is dead-lettered.
 */
public final class WireValues {

    private WireValues() {
    }

    /** Text as is; numbers and booleans as their text; lists and maps as JSON. */
    public static String toText(Object value, String attribute) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Map || value instanceof List) {
            return toJson(value);
        }
        return value.toString();
    }

    public static Long toLong(Object value, String attribute) {
        if (value == null) {
            return null;
        }
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        try {
            return toBigDecimal(value, attribute).longValueExact();
        } catch (ArithmeticException e) {
            throw wrong(attribute, value, "a whole number");
        }
    }

    public static long toLongOrZero(Object value, String attribute) {
        Long result = toLong(value, attribute);
        return result == null ? 0L : result;
    }

    public static Integer toInteger(Object value, String attribute) {
        Long result = toLong(value, attribute);
        if (result == null) {
            return null;
        }
        if (result < Integer.MIN_VALUE || result > Integer.MAX_VALUE) {
            throw wrong(attribute, value, "an int");
        }
        return result.intValue();
    }

    public static int toIntOrZero(Object value, String attribute) {
        Integer result = toInteger(value, attribute);
        return result == null ? 0 : result;
    }

    public static Short toShort(Object value, String attribute) {
        Long result = toLong(value, attribute);
        if (result == null) {
            return null;
        }
        if (result < Short.MIN_VALUE || result > Short.MAX_VALUE) {
            throw wrong(attribute, value, "a short");
        }
        return result.shortValue();
    }

    public static short toShortOrZero(Object value, String attribute) {
        Short result = toShort(value, attribute);
        return result == null ? 0 : result;
    }

    public static BigInteger toBigInteger(Object value, String attribute) {
        if (value == null) {
            return null;
        }
        try {
            return toBigDecimal(value, attribute).toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw wrong(attribute, value, "a whole number");
        }
    }

    /** Decimals arrive as strings ({@code "120.5"}, the Rails default) or as numbers. */
    public static BigDecimal toBigDecimal(Object value, String attribute) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Number || value instanceof String) {
            try {
                return new BigDecimal(value.toString().trim());
            } catch (NumberFormatException e) {
                throw wrong(attribute, value, "a number");
            }
        }
        throw wrong(attribute, value, "a number");
    }

    public static Double toDouble(Object value, String attribute) {
        BigDecimal result = toBigDecimal(value, attribute);
        return result == null ? null : result.doubleValue();
    }

    public static double toDoubleOrZero(Object value, String attribute) {
        Double result = toDouble(value, attribute);
        return result == null ? 0.0 : result;
    }

    public static Boolean toBoolean(Object value, String attribute) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.valueOf((String) value);
        }
        throw wrong(attribute, value, "true or false");
    }

    public static boolean toBooleanOrFalse(Object value, String attribute) {
        Boolean result = toBoolean(value, attribute);
        return result != null && result;
    }

    /**
     * ISO-8601 with any offset ({@code 2023-12-08T14:02:36.280Z}, {@code …+01:00}); also the gem specs' form
     * without zone ({@code 2020-01-01 12:00:00}), taken as UTC.
     */
    public static Instant toInstant(Object value, String attribute) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (!(value instanceof String text)) {
            throw wrong(attribute, value, "an ISO-8601 time");
        }
        String iso = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw wrong(attribute, value, "an ISO-8601 time");
            }
        }
    }

    public static OffsetDateTime toOffsetDateTime(Object value, String attribute) {
        Instant instant = toInstant(value, attribute);
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static ZonedDateTime toZonedDateTime(Object value, String attribute) {
        Instant instant = toInstant(value, attribute);
        return instant == null ? null : instant.atZone(ZoneOffset.UTC);
    }

    /** A time as UTC wall-clock time, the inverse of how {@code LocalDateTime} is published. */
    public static LocalDateTime toLocalDateTime(Object value, String attribute) {
        Instant instant = toInstant(value, attribute);
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static LocalDate toLocalDate(Object value, String attribute) {
        if (value == null) {
            return null;
        }
        try {
            String text = (String) value;
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (ClassCastException | DateTimeParseException e) {
            throw wrong(attribute, value, "a date");
        }
    }

    public static UUID toUuid(Object value, String attribute) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString((String) value);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw wrong(attribute, value, "a UUID");
        }
    }

    /** The enum constant's name; the generated code calls the enum's own {@code valueOf}. */
    public static String toEnumName(Object value, String attribute) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrong(attribute, value, "an enum name");
    }

    public static byte[] toBytes(Object value, String attribute) {
        if (value == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode((String) value);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw wrong(attribute, value, "base64 text");
        }
    }

    /** The instant of a time member of any supported type ({@code LocalDateTime} taken as UTC); null stays null. */
    public static Instant instantOf(Object time) {
        if (time == null || time instanceof Instant) {
            return (Instant) time;
        }
        if (time instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (time instanceof ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        if (time instanceof LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a time: " + time);
    }

    /** JSON text of a received value, keys in received order: {@code synced_data}. */
    public static String toJson(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = JsonValues.FACTORY.createGenerator(out)) {
            write(gen, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            JsonValues.writeString(gen, s);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof Integer i) {
            gen.writeNumber(i);
        } else if (value instanceof BigInteger bi) {
            gen.writeNumber(bi);
        } else if (value instanceof BigDecimal bd) {
            gen.writeNumber(bd);
        } else if (value instanceof Double d) {
            gen.writeNumber(d);
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                JsonValues.writeFieldName(gen, String.valueOf(entry.getKey()));
                write(gen, entry.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object element : list) {
                write(gen, element);
            }
            gen.writeEndArray();
        } else {
            JsonValues.writeString(gen, value.toString());
        }
    }

    private static IllegalArgumentException wrong(String attribute, Object value, String expected) {
        String shown = String.valueOf(value);
        if (shown.length() > 100) {
            shown = shown.substring(0, 100) + "…";
        }
        return new IllegalArgumentException("attribute \"" + attribute + "\" should be " + expected + ", got "
                + (value instanceof String ? "\"" + shown + "\"" : shown));
    }
}
