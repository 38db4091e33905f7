package io.dionysus.runtime.internal;

import com.fasterxml.jackson.core.io.SerializedString;
import java.nio.charset.StandardCharsets;

/**
 * A string whose quoted form is escaped exactly as ActiveSupport's JSON encoder (HTML-entity escaping on, the Rails
 * default) writes it: {@code < > &} as backslash-u {@code 003c 003e 0026} in lower-case hex, U+2028 and U+2029
 * escaped, control characters as {@code \b \f \n \r \t} or lower-case backslash-u {@code 00xx}, everything else,
 * non-ASCII included, raw.
 *
 * <p>Only strings that contain such characters take this path ({@link JsonValues#needsRubyEscape}); all others go
 * through Jackson's standard escaping, whose output is the same for them and which is much faster than a custom
 * {@code CharacterEscapes} on every string.
 */
final class RubyEscapedString extends SerializedString {

    private static final long serialVersionUID = 1L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    RubyEscapedString(String value) {
        super(value);
        String quoted = escape(value);
        _quotedChars = quoted.toCharArray();
        _quotedUTF8Ref = quoted.getBytes(StandardCharsets.UTF_8);
    }

    /** The escaped string in quotes, ready for {@code writeRawValue}. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16).append('"');
        escape(value, out);
        return out.append('"').toString();
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        escape(value, out);
        return out.toString();
    }

    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
