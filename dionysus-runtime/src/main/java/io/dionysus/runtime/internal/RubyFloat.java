package io.dionysus.runtime.internal;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * Floating-point numbers as Ruby's {@code Float#to_s} writes them (and ActiveSupport's JSON encoder after it): the
 * shortest digits that read back as the same number; plain notation when the decimal exponent is from -4 to 15
 * ({@code 0.0001}, {@code 100.0}, {@code 1234567890123456.8}), otherwise scientific with a lower-case {@code e}, a
 * sign and at least two exponent digits ({@code 1.0e+20}, {@code 1.5e-07}); always a fractional digit. For generated
 * code; not API.
 */
public final class RubyFloat {

    private RubyFloat() {
    }

    /** The text of a finite double; NaN and the infinities are the caller's (ActiveSupport writes them as null). */
    public static String text(double value) {
        // Jackson's Schubfach writer gives the shortest round-trip digits (Java 17's Double.toString may not), but
        // never fewer than two: where one digit reads back as well (5.0e-324, not 4.9e-324), Ruby takes that one
        return format(NumberOutput.toString(value, true),
                candidate -> Double.parseDouble(candidate) == value);
    }

    /** The text of a finite float, from its own shortest digits. */
    public static String text(float value) {
        return format(NumberOutput.toString(value, true), candidate -> Float.parseFloat(candidate) == value);
    }

    /**
     * Reformats Java's notation ({@code 1.0E20}, {@code 1.0E-4}, {@code 123.45}) in Ruby's; {@code readsBack} tells
     * whether a one-digit candidate ({@code 5E-324}) is the same number.
     */
    static String format(String java, java.util.function.Predicate<String> readsBack) {
        boolean negative = java.charAt(0) == '-';
        String unsigned = negative ? java.substring(1) : java;
        int e = unsigned.indexOf('E');
        String mantissa = e < 0 ? unsigned : unsigned.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(unsigned.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int decimalPoint = (dot < 0 ? mantissa.length() : dot) + exponent; // digits before the point
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
            decimalPoint--;
        }
        int end = digits.length();
        while (end > start + 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(start, end);
        if (digits.length() == 2) {
            // one digit may be enough: the nearer of the two one-digit neighbours that reads back
            int first = digits.charAt(0) - '0';
            int second = digits.charAt(1) - '0';
            int[] order = second >= 5 ? new int[] {first + 1, first} : new int[] {first, first + 1};
            for (int candidate : order) {
                if (candidate >= 1 && candidate <= 9
                        && readsBack.test((negative ? "-" : "") + candidate + "E" + (decimalPoint - 1))) {
                    digits = String.valueOf(candidate);
                    break;
                }
            }
        }
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (negative) {
            out.append('-');
        }
        if (digits.equals("0")) {
            return out.append("0.0").toString();
        }
        if (decimalPoint > -4 && decimalPoint <= 16) {
            if (decimalPoint <= 0) {
                out.append("0.");
                out.append("0".repeat(-decimalPoint)).append(digits);
            } else if (decimalPoint >= digits.length()) {
                out.append(digits).append("0".repeat(decimalPoint - digits.length())).append(".0");
            } else {
                out.append(digits, 0, decimalPoint).append('.').append(digits, decimalPoint, digits.length());
            }
            return out.toString();
        }
        out.append(digits.charAt(0)).append('.');
        out.append(digits.length() > 1 ? digits.substring(1) : "0");
        int decimalExponent = decimalPoint - 1;
        out.append('e').append(decimalExponent < 0 ? '-' : '+');
        int magnitude = Math.abs(decimalExponent);
        if (magnitude < 10) {
            out.append('0');
        }
        return out.append(magnitude).toString();
    }
}
