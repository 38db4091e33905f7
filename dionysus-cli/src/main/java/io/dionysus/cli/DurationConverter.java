package io.dionysus.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads a duration as operators write it: whole numbers with units, {@code ms}, {@code s}, {@code m}, {@code h} or
 * {@code d} in either case, alone or in sequence ({@code 500ms}, {@code 90s}, {@code 15m}, {@code 7d}, {@code 7D},
 * {@code 1h30m}), a bare {@code 0}, or ISO-8601 ({@code PT15M}). Negative, fractional and too large values are
 * refused with a {@link CommandLine.TypeConversionException} (a usage error, exit code 2).
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(?:\\d+\\s*(?:ms|s|m|h|d)\\s*)+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

    @Override
    public Duration convert(String value) {
        String text = value.trim();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (SHORT.matcher(text).matches()) {
            try {
                Duration total = Duration.ZERO;
                Matcher part = PART.matcher(text);
                while (part.find()) {
                    long amount = Long.parseLong(part.group(1));
                    total = total.plus(switch (part.group(2).toLowerCase(java.util.Locale.ROOT)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    });
                }
                total.toMillis(); // the relay and retention work in milliseconds
                return total;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is too large a duration");
            }
        }
        try {
            return Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration: write a number and a unit (500ms, 90s, 15m, 7d, 1h30m) or ISO-8601"
                    + " (PT15M)");
        }
    }

    /** A duration as this converter reads it back, in its largest whole unit: {@code 7d}, {@code 15m}, {@code 90s}. */
    static String format(Duration duration) {
        return io.dionysus.runtime.internal.Durations.text(duration);
    }

    /** An age for people: {@code 2d 3h}, {@code 5m 12s}, {@code 40s}. */
    static String age(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds >= 86_400) {
            return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
        }
        if (seconds >= 3600) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        if (seconds >= 60) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds + "s";
    }
}
