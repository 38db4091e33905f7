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
            writeRubyEscaped(gen, value);
        } else {
            gen.writeString(value);
        }
    }

    /** The rare path, out of line so that {@link #writeString} stays small enough to inline. */
    private static void writeRubyEscaped(JsonGenerator gen, String value) throws IOException {
        requireWellFormed(gen, value);
        char[] quoted = RubyEscapedString.quote(value);
        gen.writeRawValue(quoted, 0, quoted.length);
    }

    /** A field name escaped as ActiveSupport does; for map keys, whose text is not known in advance. */
    public static void writeFieldName(JsonGenerator gen, String name) throws IOException {
        if (needsRubyEscape(name)) {
            requireWellFormed(gen, name);
            gen.writeFieldName(new RubyEscapedString(name));
        } else {
            gen.writeFieldName(name);
        }
    }

    /**
     * A free-form value ({@code Object}, {@code Map<String, ?>}, {@code List<?>}, {@code JsonNode}) and everything
     * inside it, as ActiveSupport writes a hash or array; see {@link FreeFormValues}.
     *
     * @throws IllegalArgumentException naming the attribute and the path of a value of an unknown type
     */
    public static void writeFreeForm(JsonGenerator gen, Object value) throws IOException {
        FreeFormValues.write(gen, value);
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
     * {@code < > &}, U+2028, U+2029, or a control character without a short escape; or whether it has a surrogate,
     * which the slow path checks is paired.
     */
    static boolean needsRubyEscape(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80 ? RUBY_ESCAPED_ASCII[c] : (c == '\u2028' || c == '\u2029' || Character.isSurrogate(c))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses text with an unpaired surrogate, as Ruby refuses to encode invalid text: written as UTF-8 it would
     * silently become {@code ?}.
     *
     * @throws IllegalArgumentException naming the attribute (the generator's current field) and the position
     */
    static void requireWellFormed(JsonGenerator gen, String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                String field = gen.getOutputContext() == null ? null : gen.getOutputContext().getCurrentName();
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "%s has an unpaired surrogate U+%04X at index %d: it is not valid Unicode, which Ruby refuses"
                                + " to encode and Dionysus does not change; fix the text",
                        field == null ? "a string" : "attribute \"" + field + "\"", (int) c, i));
            }
        }
    }

    /** The index of the first unpaired surrogate in {@code value}, or -1 when it is well-formed UTF-16. */
    public static int unpairedSurrogate(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The ASCII characters {@link #needsRubyEscape} looks for: {@code < > &} and controls without a short escape. */
    private static final boolean[] RUBY_ESCAPED_ASCII = new boolean[0x80];

    static {
        for (char c = 0; c < 0x20; c++) {
            RUBY_ESCAPED_ASCII[c] = "\b\t\n\f\r".indexOf(c) < 0;
        }
        RUBY_ESCAPED_ASCII['<'] = true;
        RUBY_ESCAPED_ASCII['>'] = true;
        RUBY_ESCAPED_ASCII['&'] = true;
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

    /**
     * A double as a JSON number in Ruby's {@code Float#to_s} notation ({@link RubyFloat}); NaN and the infinities
     * become {@code null}, as ActiveSupport's {@code as_json}.
     */
    public static void writeDouble(JsonGenerator gen, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            gen.writeNull();
        } else {
            gen.writeNumber(RubyFloat.text(value));
        }
    }

    public static void writeDouble(JsonGenerator gen, Double value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            writeDouble(gen, value.doubleValue());
        }
    }

    /** A float as {@link #writeDouble} writes a double, from the float's own shortest digits ({@code 0.1f} → 0.1). */
    public static void writeFloat(JsonGenerator gen, float value) throws IOException {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            gen.writeNull();
        } else {
            gen.writeNumber(RubyFloat.text(value));
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
            return;
        }
        // the common case (money, quantities) formatted from the unscaled long, without toPlainString's builder
        char[] text = new char[QUOTED_DECIMAL_MAX];
        int length = quotedDecimal(value, text);
        if (length > 0) {
            gen.writeRawValue(text, 0, length);
        } else {
            gen.writeString(decimalText(value));
        }
    }

    /** Quote, sign, 18 integer digits, dot, 18 fraction digits, quote. */
    private static final int QUOTED_DECIMAL_MAX = 40;

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /**
     * Writes {@link #decimalText} in quotes into {@code out} for a decimal of at most 18 digits and a scale of 0–18;
     * returns the length, or 0 (nothing written) for any other decimal.
     */
    static int quotedDecimal(BigDecimal value, char[] out) {
        int scale = value.scale();
        if (scale < 0 || scale >= POWERS_OF_TEN.length || value.precision() >= POWERS_OF_TEN.length) {
            return 0;
        }
        long unscaled = value.unscaledValue().longValue();
        int at = 0;
        out[at++] = '"';
        if (unscaled < 0) {
            out[at++] = '-';
            unscaled = -unscaled;
        }
        long integer = unscaled / POWERS_OF_TEN[scale];
        long fraction = unscaled - integer * POWERS_OF_TEN[scale];
        at = putDigits(out, at, integer);
        out[at++] = '.';
        if (fraction == 0) {
            out[at++] = '0';
        } else {
            int digits = scale;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            for (int i = at + digits - 1; i >= at; i--) {
                out[i] = (char) ('0' + fraction % 10);
                fraction /= 10;
            }
            at += digits;
        }
        out[at++] = '"';
        return at;
    }

    /** The decimal digits of a non-negative long at {@code at}; returns the index after them. */
    private static int putDigits(char[] out, int at, long value) {
        int digits = 1;
        while (digits < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
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

    /**
     * An instant in the application's time zone ({@link io.dionysus.runtime.ApplicationTimeZone}): UTC by default,
     * {@code 2023-12-08T14:02:36.280Z}; in another zone with its offset, {@code 2023-12-08T15:02:36.280+01:00}.
     */
    public static void writeInstant(JsonGenerator gen, Instant value) throws IOException {
        if (value == null) {
            gen.writeNull();
            return;
        }
        if (io.dionysus.runtime.ApplicationTimeZone.isUtc()) {
            // the text is quoted and has nothing to escape: written raw, without the generator's escape scan
            writeUtc(gen, value);
        } else {
            gen.writeString(zonedText(value.atZone(io.dionysus.runtime.ApplicationTimeZone.get())));
        }
    }

    /** With its own offset, as a Ruby {@code DateTime}: {@code Z} for UTC, otherwise {@code +01:00}. */
    public static void writeOffsetDateTime(JsonGenerator gen, OffsetDateTime value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value.getOffset().equals(ZoneOffset.UTC)) {
            writeUtc(gen, value.toInstant());
        } else {
            gen.writeString(zonedText(value.toZonedDateTime()));
        }
    }

    /**
     * With its own zone's offset, as a Ruby {@code TimeWithZone}: {@code Z} only for UTC itself; a zone at offset
     * zero (London in winter) is {@code +00:00}.
     */
    public static void writeZonedDateTime(JsonGenerator gen, ZonedDateTime value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (io.dionysus.runtime.ApplicationTimeZone.isUtc(value.getZone())) {
            writeUtc(gen, value.toInstant());
        } else {
            gen.writeString(zonedText(value));
        }
    }

    private static final java.time.format.DateTimeFormatter ZONED =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

    /** {@code 2024-01-15T11:30:00.123+01:00}: three fraction digits, truncated; {@code +00:00} for offset zero. */
    public static String zonedText(ZonedDateTime value) {
        String iso = value.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).format(ZONED);
        return iso.charAt(0) == '+' ? iso.substring(1) : iso;
    }

    /** An instant in UTC with {@code Z}, whatever the application's zone. */
    private static void writeUtc(JsonGenerator gen, Instant value) throws IOException {
        char[] text = new char[26];
        if (instantChars(value, text, 1)) {
            text[0] = '"';
            text[25] = '"';
            gen.writeRawValue(text, 0, 26);
        } else {
            gen.writeString(instantText(value));
        }
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
        if (instantChars(value, text, 0)) {
            return new String(text);
        }
        String iso = value.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'"));
        // Ruby writes year 10000 as 10000, where java.time adds a '+'; negative years agree (-0001)
        return iso.charAt(0) == '+' ? iso.substring(1) : iso;
    }

    /** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar (java.time's). */
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468L;

    /** Days from 0000-03-01 to 10000-03-01: the range of the int arithmetic in {@link #instantChars}. */
    private static final long DAYS_0000_03_01_TO_10000_03_01 = 146_097L * 25;

    /**
     * Writes {@link #instantText}'s 24 chars at {@code at}; false, nothing written, outside 0000-03-01 to 9999-12-31
     * (the caller falls back to java.time there).
     */
    private static boolean instantChars(Instant value, char[] out, int at) {
        long epochSecond = value.getEpochSecond();
        long days = Math.floorDiv(epochSecond, 86_400L) + DAYS_0000_03_01_TO_EPOCH;
        if (days < 0 || days >= DAYS_0000_03_01_TO_10000_03_01) {
            return false;
        }
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // civil-from-days (H. Hinnant) in int arithmetic: the range check keeps every value small
        int z = (int) days;
        int era = z / 146_097;
        int dayOfEra = z - era * 146_097;
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year > 9999) {
            return false;
        }
        putTwo(out, at, year / 100);
        putTwo(out, at + 2, year % 100);
        out[at + 4] = '-';
        putTwo(out, at + 5, month);
        out[at + 7] = '-';
        putTwo(out, at + 8, day);
        out[at + 10] = 'T';
        putTwo(out, at + 11, secondOfDay / 3600);
        out[at + 13] = ':';
        putTwo(out, at + 14, secondOfDay / 60 % 60);
        out[at + 16] = ':';
        putTwo(out, at + 17, secondOfDay % 60);
        out[at + 19] = '.';
        int millis = value.getNano() / 1_000_000;
        out[at + 20] = (char) ('0' + millis / 100);
        putTwo(out, at + 21, millis % 100);
        out[at + 23] = 'Z';
        return true;
    }

    private static void putTwo(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }
}
