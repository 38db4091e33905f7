package io.dionysus.runtime.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dionysus.runtime.internal.WireValues;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gem's deserializer rules (reference C5) on its own spec payload (§5.5). */
class RecordTransformerTest {

    private static final String RECORD = "{\"message\":[{\"event\":\"account_updated\",\"model_name\":\"Account\","
            + "\"data\":{\"links\":{\"account\":2,\"fee\":10,\"bookings\":[3,4],\"rental\":null,\"taxes\":[],"
            + "\"clients\":[20],\"bookable\":{\"type\":\"Property\",\"id\":123},\"empty_bookable\":{}},"
            + "\"id\":1,\"name\":\"BookingSync\",\"created_at\":\"2020-01-01 12:00:00\","
            + "\"updated_at\":\"2020-01-02 12:00:01\",\"canceled_at\":\"2020-01-02 12:00:02\","
            + "\"settings\":{\"default_arrival_time\":11},"
            + "\"fee\":{\"links\":{\"rentals_fee\":101},\"id\":10,\"name\":\"cleaning\"},"
            + "\"bookable\":{\"links\":{},\"id\":123},"
            + "\"clients\":[{\"links\":{},\"id\":20,\"fullname\":\"Rich Piana\"}]}}]}";

    @Test
    void mapsReservedKeysLinksAndKeepsOtherAttributesInOrder() {
        List<ReceivedEvent> events = EnvelopeParser.parse(RECORD.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, events.size());
        Map<String, Object> attributes = RecordTransformer.transform(events.get(0).records().get(0));
        assertEquals(List.of("synced_account_id", "synced_fee_id", "synced_booking_ids", "synced_rental_id",
                "synced_tax_ids", "synced_client_ids", "synced_bookable_id", "synced_bookable_type",
                "synced_empty_bookable_id", "synced_empty_bookable_type", "synced_id", "name", "synced_created_at",
                "synced_updated_at", "synced_canceled_at", "settings"), List.copyOf(attributes.keySet()));
        assertEquals(2L, attributes.get("synced_account_id"));
        assertEquals(List.of(3L, 4L), attributes.get("synced_booking_ids"));
        assertEquals(List.of(), attributes.get("synced_tax_ids"));
        assertEquals(123L, attributes.get("synced_bookable_id"));
        assertEquals("Property", attributes.get("synced_bookable_type"));
        assertEquals(null, attributes.get("synced_empty_bookable_type"));
        assertEquals(Map.of("default_arrival_time", 11L), attributes.get("settings"));
        assertEquals(Instant.parse("2020-01-02T12:00:01Z"),
                WireValues.toInstant(attributes.get("synced_updated_at"), "updated_at"));
    }

    @Test
    void tombstonesHaveNoEventsAndGarbageIsRejected() {
        assertEquals(List.of(), EnvelopeParser.parse(null));
        assertEquals(List.of(), EnvelopeParser.parse("null".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> EnvelopeParser.parse("{\"other\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> EnvelopeParser.parse("[1,".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wireValuesConvertTheInverseOfThePublishedFormat() {
        assertEquals(new java.math.BigDecimal("120.5"), WireValues.toBigDecimal("120.5", "price"));
        assertEquals(Instant.parse("2023-12-08T13:02:36.280Z"),
                WireValues.toInstant("2023-12-08T14:02:36.280+01:00", "t"));
        assertEquals(java.time.LocalDate.of(2024, 2, 1), WireValues.toLocalDate("2024-02-01", "d"));
        assertEquals(7L, WireValues.toLong(new java.math.BigDecimal("7"), "n"));
        assertEquals("[1,\"a\\u003c\"]", WireValues.toText(List.of(1L, "a<"), "x"));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> WireValues.toLong("7.5", "nights"));
        assertEquals("attribute \"nights\" should be a whole number, got \"7.5\"", wrong.getMessage());
    }
}
