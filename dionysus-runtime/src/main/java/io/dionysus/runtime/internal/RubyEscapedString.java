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
    static char[] quote(String value) {
        int length = 2;
        for (int i = 0, n = value.length(); i < n; i++) {
            length += escapedLength(value.charAt(i));
        }
        char[] out = new char[length];
        out[0] = '"';
        int at = 1;
        for (int i = 0, n = value.length(); i < n; i++) {
            at = escape(value.charAt(i), out, at);
        }
        out[at] = '"';
        return out;
    }

    static String escape(String value) {
        char[] quoted = quote(value);
        return new String(quoted, 1, quoted.length - 2);
    }

    private static int escapedLength(char c) {
        return shortEscape(c) != 0 ? 2 : unicodeEscaped(c) ? 6 : 1;
    }

    private static int escape(char c, char[] out, int at) {
        char letter = shortEscape(c);
        if (letter != 0) {
            out[at] = '\\';
            out[at + 1] = letter;
            return at + 2;
        }
        if (unicodeEscaped(c)) {
            out[at] = '\\';
            out[at + 1] = 'u';
            out[at + 2] = HEX[(c >> 12) & 0xF];
            out[at + 3] = HEX[(c >> 8) & 0xF];
            out[at + 4] = HEX[(c >> 4) & 0xF];
            out[at + 5] = HEX[c & 0xF];
            return at + 6;
        }
        out[at] = c;
        return at + 1;
    }

    /** The letter after the backslash for JSON's two-character escapes; 0 for any other character. */
    private static char shortEscape(char c) {
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> 0;
        };
    }

    /** Written as backslash-u and four lower-case hex digits (after {@link #shortEscape} had its say). */
    private static boolean unicodeEscaped(char c) {
        return c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029';
    }
}
