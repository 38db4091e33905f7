package io.dionysus.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonValuesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "120, 120.0",
        "120.50, 120.5",
        "120.0, 120.0",
        "0, 0.0",
        "0.00, 0.0",
        "-3.140, -3.14",
        "1E-10, 0.0000000001",
        "1.2E+3, 1200.0",
        "140.5, 140.5",
        "20.00, 20.0",
    })
    void decimalsUseRubysPlainNotation(String input, String expected) {
        assertEquals(expected, JsonValues.decimalText(new BigDecimal(input)));
    }

    @Test
    void instantsHaveExactlyThreeTruncatedFractionDigitsInUtc() {
        assertEquals("2023-12-08T14:02:36.280Z", JsonValues.instantText(Instant.parse("2023-12-08T14:02:36.280999999Z")));
        assertEquals("2024-01-16T09:00:00.000Z", JsonValues.instantText(Instant.parse("2024-01-16T09:00:00Z")));
        assertEquals("1969-12-31T23:59:59.999Z", JsonValues.instantText(Instant.parse("1969-12-31T23:59:59.9995Z")));
        assertEquals(Instant.parse("2024-01-16T09:10:00.999Z").toString(),
                JsonValues.instantText(Instant.parse("2024-01-16T09:10:00.999Z")));
    }

    @Test
    void theFastDecimalPathWritesWhatToPlainStringGives() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long unscaled = random.nextLong() / POWERS[random.nextInt(POWERS.length)];
            int scale = random.nextInt(24) - 3;
            BigDecimal value = BigDecimal.valueOf(i % 3 == 0 ? unscaled % 100_000 : unscaled, scale);
            assertEquals("\"" + slowDecimalText(value) + "\"", write(gen -> JsonValues.writeBigDecimal(gen, value)),
                    value.toString());
        }
        assertEquals("\"-0.5\"", write(gen -> JsonValues.writeBigDecimal(gen, new BigDecimal("-0.50"))));
        assertEquals("\"999999999999999999.999999999999999999\"",
                write(gen -> JsonValues.writeBigDecimal(gen, new BigDecimal("999999999999999999.999999999999999999"))));
        assertEquals("\"12345678901234567890123.0\"",
                write(gen -> JsonValues.writeBigDecimal(gen, new BigDecimal("12345678901234567890123"))));
    }

    private static final long[] POWERS = {1L, 1_000L, 1_000_000L, 1_000_000_000L, 1_000_000_000_000L};

    /** The reference: Ruby's notation from {@code toPlainString}, independent of the fast path. */
    private static String slowDecimalText(BigDecimal value) {
        String plain = value.toPlainString();
        if (plain.indexOf('.') < 0) {
            return plain + ".0";
        }
        String trimmed = plain.replaceAll("0+$", "");
        return trimmed.endsWith(".") ? trimmed + "0" : trimmed;
    }

    @Test
    void theFastInstantPathAgreesWithJavaTimeFromYearZeroToNineThousandNineHundredNinetyNine() throws IOException {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant value = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
                    random.nextInt(1_000_000_000));
            String expected = reference.format(value);
            assertEquals(expected, JsonValues.instantText(value));
            assertEquals("\"" + expected + "\"", write(gen -> JsonValues.writeInstant(gen, value)));
        }
        for (String edge : new String[] {"0000-01-01T00:00:00Z", "0000-02-29T23:59:59.999Z", "0000-03-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "2000-02-29T12:00:00Z", "2100-03-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z"}) {
            Instant value = Instant.parse(edge);
            assertEquals(reference.format(value), JsonValues.instantText(value), edge);
        }
        // outside the fast range java.time's own formatting takes over, years as Ruby prints them (no '+')
        assertEquals("10000-01-01T00:00:00.000Z", JsonValues.instantText(Instant.parse("+10000-01-01T00:00:00Z")));
        assertEquals("-0001-12-31T23:59:59.000Z", JsonValues.instantText(Instant.parse("-0001-12-31T23:59:59Z")));
    }

    @Test
    void offsetTimesKeepTheirOffsetAndLocalTimesAreUtc() throws IOException {
        assertEquals("\"2024-01-16T09:00:00.500+01:00\"", write(gen -> JsonValues.writeOffsetDateTime(gen,
                OffsetDateTime.of(2024, 1, 16, 9, 0, 0, 500_000_000, ZoneOffset.ofHours(1)))));
        assertEquals("\"2024-01-16T09:00:00.000Z\"", write(gen -> JsonValues.writeLocalDateTime(gen,
                LocalDateTime.of(2024, 1, 16, 9, 0))));
    }

    @Test
    void stringsAreEscapedAsActiveSupportDoes() throws IOException {
        assertEquals("\"\\u003cb\\u003e Tom \\u0026 Jerry\\u003c/b\\u003e\"",
                write(gen -> JsonValues.writeString(gen, "<b> Tom & Jerry</b>")));
        assertEquals("\"line\\u2028para\\u2029\"", write(gen -> JsonValues.writeString(gen, "line\u2028para\u2029")));
        assertEquals("\"Zoë 日本 😀 / ok\"", write(gen -> JsonValues.writeString(gen, "Zoë 日本 😀 / ok")));
        assertEquals("\"q\\\"b\\\\ \\n\\t\\r\\b\\f \\u0001\\u001f\"",
                write(gen -> JsonValues.writeString(gen, "q\"b\\ \n\t\r\b\f \u0001\u001f")));
    }

    @Test
    void fieldNamesAndCharsAreEscapedTheSameWay() throws IOException {
        assertEquals("{\"a\\u0026b\":\"\\u003c\"}", write(gen -> {
            gen.writeStartObject();
            JsonValues.writeFieldName(gen, "a&b");
            JsonValues.writeChar(gen, '<');
            gen.writeEndObject();
        }));
    }

    @Test
    void onlyStringsJacksonWouldWriteDifferentlyTakeTheSlowPath() {
        assertEquals(false, JsonValues.needsRubyEscape("plain \"quoted\" \\ text\n\t Zoë"));
        assertEquals(true, JsonValues.needsRubyEscape("a<b"));
        assertEquals(true, JsonValues.needsRubyEscape("\u001f"));
        assertEquals(true, JsonValues.needsRubyEscape("\u2029"));
    }

    @Test
    void specialFloatsBecomeNullAndNullsStayNull() throws IOException {
        assertEquals("null", write(gen -> JsonValues.writeDouble(gen, Double.NaN)));
        assertEquals("null", write(gen -> JsonValues.writeFloat(gen, Float.POSITIVE_INFINITY)));
        assertEquals("1.5", write(gen -> JsonValues.writeDouble(gen, 1.5)));
        assertEquals("null", write(gen -> JsonValues.writeBigDecimal(gen, null)));
        assertEquals("null", write(gen -> JsonValues.writeInstant(gen, null)));
    }

    @Test
    void bytesAreBase64() throws IOException {
        assertEquals("\"AQID/w==\"", write(gen -> JsonValues.writeBytes(gen, new byte[] {1, 2, 3, -1})));
    }

    interface Body {
        void write(JsonGenerator gen) throws IOException;
    }

    static String write(Body body) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = JsonValues.FACTORY.createGenerator(out)) {
            body.write(gen);
        }
        return out.toString();
    }

    @org.junit.jupiter.api.Test
    void yearsBeyond9999AreWrittenAsRubyWritesThem() {
        org.junit.jupiter.api.Assertions.assertEquals("10000-01-01T00:00:00.000Z",
                JsonValues.instantText(java.time.Instant.parse("+10000-01-01T00:00:00Z")));
        org.junit.jupiter.api.Assertions.assertEquals("-0001-01-01T00:00:00.000Z",
                JsonValues.instantText(java.time.Instant.parse("-0001-01-01T00:00:00Z")));
        org.junit.jupiter.api.Assertions.assertEquals("0000-01-01T00:00:00.000Z",
                JsonValues.instantText(java.time.Instant.parse("0000-01-01T00:00:00Z")));
    }

    @org.junit.jupiter.api.Test
    void anUnpairedSurrogateIsRefusedNamingTheAttributeAndPosition() throws java.io.IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator gen = JsonValues.FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeFieldName("name");
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> JsonValues.writeString(gen, "ok \uD83D"));
            org.junit.jupiter.api.Assertions.assertEquals("attribute \"name\" has an unpaired surrogate U+D83D at"
                    + " index 3: it is not valid Unicode, which Ruby refuses to encode and Dionysus does not change;"
                    + " fix the text", refused.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> JsonValues.writeString(gen, "\uDE00 lone low"));
            JsonValues.writeString(gen, "paired \uD83D\uDE00 <ok>");
        }
        org.junit.jupiter.api.Assertions.assertTrue(out.toString().endsWith("}") && out.toString().contains(
                "\"paired \uD83D\uDE00 \\u003cok\\u003e\""), out.toString());
    }

    @org.junit.jupiter.api.Test
    void timesInTheApplicationsZoneAndInTheirOwn() throws java.io.IOException {
        Instant instant = Instant.parse("2024-01-15T10:30:00.123456Z");
        assertEquals("\"2024-01-15T10:30:00.123Z\"", write(gen -> JsonValues.writeInstant(gen, instant)),
                "UTC by default: today's bytes");
        try {
            io.dionysus.runtime.ApplicationTimeZone.set(java.time.ZoneId.of("Europe/Paris"));
            assertEquals("\"2024-01-15T11:30:00.123+01:00\"", write(gen -> JsonValues.writeInstant(gen, instant)));
            assertEquals("\"2024-07-15T12:30:00.000+02:00\"", write(gen -> JsonValues.writeInstant(gen,
                    Instant.parse("2024-07-15T10:30:00Z"))), "summer time");
            io.dionysus.runtime.ApplicationTimeZone.set(java.time.ZoneId.of("Europe/London"));
            assertEquals("\"2024-01-15T10:30:00.123+00:00\"", write(gen -> JsonValues.writeInstant(gen, instant)),
                    "a zone at offset zero is +00:00; only UTC itself is Z");
            assertEquals("\"2024-01-15T10:30:00.123+00:00\"", write(gen -> JsonValues.writeLocalDateTime(gen,
                    java.time.LocalDateTime.parse("2024-01-15T10:30:00.123"))));
        } finally {
            io.dionysus.runtime.ApplicationTimeZone.set(java.time.ZoneOffset.UTC);
        }
        assertEquals("\"2024-01-15T16:00:00.123+05:30\"", write(gen -> JsonValues.writeOffsetDateTime(gen,
                instant.atOffset(java.time.ZoneOffset.ofHoursMinutes(5, 30)))), "its own offset");
        assertEquals("\"2024-01-15T10:30:00.123Z\"", write(gen -> JsonValues.writeOffsetDateTime(gen,
                instant.atOffset(java.time.ZoneOffset.UTC))));
        assertEquals("\"2024-01-15T10:30:00.123+00:00\"", write(gen -> JsonValues.writeZonedDateTime(gen,
                instant.atZone(java.time.ZoneId.of("Europe/London")))));
        assertEquals("\"2024-07-15T06:30:00.000-04:00\"", write(gen -> JsonValues.writeZonedDateTime(gen,
                Instant.parse("2024-07-15T10:30:00Z").atZone(java.time.ZoneId.of("America/New_York")))));
        assertEquals("\"2024-01-15T10:30:00.123Z\"", write(gen -> JsonValues.writeZonedDateTime(gen,
                instant.atZone(java.time.ZoneId.of("UTC")))));
        assertEquals(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                WireValues.toInstant("2024-01-15T11:30:00.123+01:00", "updated_at"), "consumers read any offset");
    }
}
