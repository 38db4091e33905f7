package io.dionysus.runtime.internal;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * String escaping exactly as ActiveSupport's JSON encoder (with its default HTML-entity escaping) writes it:
 * {@code < > &} become backslash-u {@code 003c 003e 0026} (lower-case hex), U+2028 and U+2029 are escaped,
 * control characters use the short forms {@code \b \f \n \r \t} or backslash-u {@code 00xx} in lower case, and every other
 * character, non-ASCII included, is written raw. Jackson's standard escapes would write upper-case hex digits, which differ byte for byte.
 */
final class RubyCompatibleEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;
    private static final int[] ASCII_ESCAPES;
    private static final SerializableString[] ASCII_SEQUENCES = new SerializableString[128];
    private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
    private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

    static {
        int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();
        for (int c = 0; c < 0x20; c++) {
            escapes[c] = ESCAPE_CUSTOM;
            ASCII_SEQUENCES[c] = new SerializedString(controlEscape(c));
        }
        for (char c : new char[] {'<', '>', '&'}) {
            escapes[c] = ESCAPE_CUSTOM;
            ASCII_SEQUENCES[c] = new SerializedString(String.format("\\u%04x", (int) c));
        }
        ASCII_ESCAPES = escapes;
    }

    static final RubyCompatibleEscapes INSTANCE = new RubyCompatibleEscapes();

    private static String controlEscape(int c) {
        switch (c) {
            case '\b': return "\\b";
            case '\f': return "\\f";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default: return String.format("\\u%04x", c);
        }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII_ESCAPES;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch < 128) {
            return ASCII_SEQUENCES[ch];
        }
        if (ch == 0x2028) {
            return LINE_SEPARATOR;
        }
        if (ch == 0x2029) {
            return PARAGRAPH_SEPARATOR;
        }
        return null;
    }
}
