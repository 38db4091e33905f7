package io.dionysus.runtime.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * Writes attribute values in the wire format of dionysus-rb (reference/dionysus-rb.md §8). For generated code; not
 * API: names and signatures may change between releases.
 *
 * <p>Every writer accepts {@code null} and writes JSON {@code null}.
 */
public final class JsonValues {

    /**
     * The factory every Dionysus generator comes from. Its standard escaping writes non-ASCII raw; the few
     * characters ActiveSupport escapes differently are handled by {@link #writeString} and {@link #writeFieldName}.
     */
    public static final JsonFactory FACTORY = new JsonFactory();

    private JsonValues() {
    }

    /** A string escaped as ActiveSupport does ({@code <} as backslash-u {@code 003c}, …). */
    public static void writeString(JsonGenerator gen, String value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (needsRubyEscape(value)) {
            gen.writeRawValue(RubyEscapedString.quote(value));
        } else {
            gen.writeString(value);
        }
    }

    /** A field name escaped as ActiveSupport does; for map keys, whose text is not known in advance. */
    public static void writeFieldName(JsonGenerator gen, String name) throws IOException {
        if (needsRubyEscape(name)) {
            gen.writeFieldName(new RubyEscapedString(name));
        } else {
            gen.writeFieldName(name);
        }
    }

    public static void writeChar(JsonGenerator gen, char value) throws IOException {
        writeString(gen, String.valueOf(value));
    }

    public static void writeChar(JsonGenerator gen, Character value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            writeString(gen, String.valueOf(value.charValue()));
        }
    }

    /**
     * Whether Jackson's standard escaping would write the string differently from ActiveSupport: it contains
     * {@code < > &}, U+2028, U+2029, or a control character without a short escape.
     */
    static boolean needsRubyEscape(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20) {
                if (c != '\n' && c != '\t' && c != '\r' && c != '\b' && c != '\f') {
                    return true;
                }
            } else if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    public static void writeBoolean(JsonGenerator gen, Boolean value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeBoolean(value);
        }
    }

    public static void writeLong(JsonGenerator gen, Long value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeNumber(value.longValue());
        }
    }

    public static void writeInt(JsonGenerator gen, Integer value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeNumber(value.intValue());
        }
    }

    public static void writeShort(JsonGenerator gen, Short value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeNumber(value.shortValue());
        }
    }

    public static void writeByte(JsonGenerator gen, Byte value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeNumber(value.byteValue());
        }
    }

    /** A double as a JSON number; NaN and the infinities become {@code null}, as ActiveSupport's {@code as_json}. */
    public static void writeDouble(JsonGenerator gen, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            gen.writeNull();
        } else {
            gen.writeNumber(value);
        }
    }

    public static void writeDouble(JsonGenerator gen, Double value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            writeDouble(gen, value.doubleValue());
        }
    }

    public static void writeFloat(JsonGenerator gen, float value) throws IOException {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            gen.writeNull();
        } else {
            gen.writeNumber(value);
        }
    }

    public static void writeFloat(JsonGenerator gen, Float value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            writeFloat(gen, value.floatValue());
        }
    }

    public static void writeBigInteger(JsonGenerator gen, BigInteger value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeNumber(value);
        }
    }

    /** A decimal as a JSON string in Ruby's plain notation: {@code 120} → {@code "120.0"}, {@code 120.50} → {@code "120.5"}. */
    public static void writeBigDecimal(JsonGenerator gen, BigDecimal value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeString(decimalText(value));
        }
    }

    /** The text of {@link #writeBigDecimal}: plain notation, trailing zeros dropped, one fractional digit kept. */
    public static String decimalText(BigDecimal value) {
        String plain = value.toPlainString();
        int dot = plain.indexOf('.');
        if (dot < 0) {
            return plain + ".0";
        }
        int end = plain.length();
        while (end > dot + 2 && plain.charAt(end - 1) == '0') {
            end--;
        }
        return end == plain.length() ? plain : plain.substring(0, end);
    }

    public static void writeInstant(JsonGenerator gen, Instant value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            char[] text = new char[24];
            if (instantChars(value, text)) {
                gen.writeString(text, 0, 24);
            } else {
                gen.writeString(instantText(value));
            }
        }
    }

    public static void writeOffsetDateTime(JsonGenerator gen, OffsetDateTime value) throws IOException {
        writeInstant(gen, value == null ? null : value.toInstant());
    }

    public static void writeZonedDateTime(JsonGenerator gen, ZonedDateTime value) throws IOException {
        writeInstant(gen, value == null ? null : value.toInstant());
    }

    /** A {@code LocalDateTime} is taken to be in UTC, as Rails stores and emits times. */
    public static void writeLocalDateTime(JsonGenerator gen, LocalDateTime value) throws IOException {
        writeInstant(gen, value == null ? null : value.toInstant(ZoneOffset.UTC));
    }

    public static void writeLocalDate(JsonGenerator gen, LocalDate value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeString(value.toString());
        }
    }

    public static void writeUuid(JsonGenerator gen, UUID value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeString(value.toString());
        }
    }

    public static void writeEnum(JsonGenerator gen, Enum<?> value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeString(value.name());
        }
    }

    public static void writeBytes(JsonGenerator gen, byte[] value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeString(Base64.getEncoder().encodeToString(value));
        }
    }

    /**
     * ISO-8601 in UTC with exactly three fraction digits, truncated as Ruby's {@code Time#as_json} does:
     * {@code 2023-12-08T14:02:36.280Z}.
     */
    public static String instantText(Instant value) {
        char[] text = new char[24];
        if (instantChars(value, text)) {
            return new String(text);
        }
        return value.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'"));
    }

    /** Fills 24 chars with {@link #instantText}'s form for years 0–9999; false (nothing written) outside them. */
    private static boolean instantChars(Instant value, char[] out) {
        long epochSecond = value.getEpochSecond();
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // civil-from-days (H. Hinnant), proleptic Gregorian as java.time
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long dayOfEra = z - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return false;
        }
        put(out, 0, (int) year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, (secondOfDay / 60) % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        out[19] = '.';
        put(out, 20, value.getNano() / 1_000_000, 3);
        out[23] = 'Z';
        return true;
    }

    private static void put(char[] out, int offset, int value, int digits) {
        for (int i = offset + digits - 1; i >= offset; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
