package io.dionysus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsOperatorsDurationsAndIso() {
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(90), converter.convert("90s"));
        assertEquals(Duration.ofMinutes(15), converter.convert("15m"));
        assertEquals(Duration.ofHours(12), converter.convert("12h"));
        assertEquals(Duration.ofDays(7), converter.convert("7d"));
        assertEquals(Duration.ofMinutes(15), converter.convert("PT15M"));
        assertEquals(Duration.ofDays(7), converter.convert("7D"));
        assertEquals(Duration.ofMinutes(90), converter.convert("1h30m"));
        assertEquals(Duration.ofMinutes(90), converter.convert("1h 30m"));
        assertEquals(Duration.ofMillis(2_500), converter.convert("2s500ms"));
        assertEquals(Duration.ZERO, converter.convert("0"));
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("7 days"));
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("1.5h"));
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("5"));
        CommandLine.TypeConversionException huge = assertThrows(CommandLine.TypeConversionException.class,
                () -> converter.convert("9999999999999999999d"));
        assertEquals("'9999999999999999999d' is too large a duration", huge.getMessage());
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("99999999999999d"));
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("-5m"));
    }

    @Test
    void formatsBack() {
        assertEquals("7d", DurationConverter.format(Duration.ofDays(7)));
        assertEquals("90s", DurationConverter.format(Duration.ofSeconds(90)));
        assertEquals("15m", DurationConverter.format(Duration.ofMinutes(15)));
        assertEquals("0s", DurationConverter.format(Duration.ZERO));
        assertEquals("5m 12s", DurationConverter.age(Duration.ofSeconds(312)));
        assertEquals("2d 3h", DurationConverter.age(Duration.ofHours(51)));
        assertEquals("1h 0m", DurationConverter.age(Duration.ofHours(1)));
    }
}
