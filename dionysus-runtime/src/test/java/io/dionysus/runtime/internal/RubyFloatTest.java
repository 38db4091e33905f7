package io.dionysus.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Floats as Ruby's {@code Float#to_s}: the vectors, the exponent boundaries, and round trips. */
class RubyFloatTest {

    @ParameterizedTest
    @CsvSource({
        "1.0E20, 1.0e+20",
        "1.0E-4, 0.0001",
        "1.5E-7, 1.5e-07",
        "1.0E-5, 1.0e-05",
        "1.2345678901234568E15, 1234567890123456.8",
        "100.0, 100.0",
        "1.0E15, 1000000000000000.0",
        "9.999999999999998E15, 9999999999999998.0",
        "1.0E16, 1.0e+16",
        "1.2345E16, 1.2345e+16",
        "0.001, 0.001",
        "0.5, 0.5",
        "-2.5, -2.5",
        "-1.0E-10, -1.0e-10",
        "0.0, 0.0",
        "-0.0, -0.0",
        "1.0E100, 1.0e+100",
        "4.9E-324, 5.0e-324",
        "1.7976931348623157E308, 1.7976931348623157e+308",
        "123456.789, 123456.789",
        "0.1, 0.1",
        "3.0, 3.0"})
    void doublesAsRubyWritesThem(double value, String ruby) {
        assertEquals(ruby, RubyFloat.text(value));
    }

    @Test
    void floatsFromTheirOwnShortestDigits() {
        assertEquals("0.1", RubyFloat.text(0.1f));
        assertEquals("1.0e+20", RubyFloat.text(1.0e20f));
        assertEquals("3.4028235e+38", RubyFloat.text(Float.MAX_VALUE));
        assertEquals("-1.5e-07", RubyFloat.text(-1.5e-7f));
    }

    private static final Pattern RUBY = Pattern.compile("-?(\\d+\\.\\d+|\\d\\.\\d+e[+-]\\d{2,3})");

    @Test
    void randomDoublesRoundTripInRubysShape() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            String text = RubyFloat.text(value);
            assertEquals(value, Double.parseDouble(text), text);
            assertTrue(RUBY.matcher(text).matches(), text);
            int exponent = value == 0 ? 0 : (int) Math.floor(Math.log10(Math.abs(value)));
            boolean plain = !text.contains("e");
            // plain notation exactly for decimal exponents -4 to 15 (log10 may be off by one at powers of ten)
            if (exponent >= -3 && exponent <= 14) {
                assertTrue(plain, text);
            } else if (exponent <= -6 || exponent >= 17) {
                assertTrue(!plain, text);
            }
        }
    }
}
