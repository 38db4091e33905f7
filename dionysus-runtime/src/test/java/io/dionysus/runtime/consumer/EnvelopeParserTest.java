package io.dionysus.runtime.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the parser takes for a tombstone, an envelope, or neither. */
class EnvelopeParserTest {

    @Test
    void aNullValueAndTheTextNullAreTombstones() {
        assertEquals(List.of(), EnvelopeParser.parse(null));
        assertEquals(List.of(), EnvelopeParser.parse(utf8("null")));
        assertEquals(List.of(), EnvelopeParser.parse(utf8(" null\n")));
    }

    @Test
    void anEmptyValueBlankTextAndTrailingTextAreNeither() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> EnvelopeParser.parse(new byte[0]));
        assertTrue(empty.getMessage().startsWith("an empty value (0 bytes)"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EnvelopeParser.parse(utf8("  \n")));
        assertThrows(IllegalArgumentException.class, () -> EnvelopeParser.parse(utf8("null x")));
        assertThrows(IllegalArgumentException.class, () -> EnvelopeParser.parse(utf8("{\"message\":[]} {}")));
    }

    @Test
    void stringsLongerThanJacksonsDefaultLimitAreRead() {
        String text = "x".repeat(20_000_001);
        String envelope = "{\"message\":[{\"event\":\"note_created\",\"model_name\":\"Note\","
                + "\"data\":[{\"id\":1,\"text\":\"" + text + "\"}]}]}";
        List<ReceivedEvent> events = EnvelopeParser.parse(utf8(envelope));
        assertEquals(text.length(), ((String) events.get(0).records().get(0).get("text")).length());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
