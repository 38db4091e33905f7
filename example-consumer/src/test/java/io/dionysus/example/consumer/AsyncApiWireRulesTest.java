package io.dionysus.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.Envelope;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import io.dionysus.testkit.AsyncApiContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document describes the wire rules of {@link WireRoundTripTest}'s models: a namespaced model name
 * ({@code Admin::User}, whose schema key is {@code Admin.User}), free-form attributes (any JSON) and a polymorphic
 * link ({@code {"type":…,"id":…}} with the held model's record sideloaded). The documents are valid AsyncAPI 3.0 and
 * every payload these models publish matches its message; a polymorphic link of an unknown type does not.
 */
class AsyncApiWireRulesTest {

    private final Outbox outbox = Outbox.builder().build();
    private final AsyncApiContract contract = AsyncApiContract.fromClassPath();

    @Test
    void theDocumentsAreValidAsyncApi3() {
        assertFalse(contract.documents().isEmpty());
        assertEquals(List.of(), contract.documentErrors());
        assertTrue(contract.documents().stream().anyMatch(text -> text.contains("Admin.User:")),
                "the namespaced model's schema under a key AsyncAPI allows");
    }

    @Test
    void everyPayloadOfTheNewWireRulesMatchesItsMessage() {
        Instant at = Instant.parse("2024-01-16T09:00:00Z");
        AdminUser admin = new AdminUser(1, "ann@example.com", at);
        ClientCard client = new ClientCard(2, "Rich Piana");
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("c", Arrays.asList(1, "x", null));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("a", 1);
        settings.put("b", inner);
        settings.put("price", new BigDecimal("120.50"));
        List<OutboxEntry> rows = new ArrayList<>();
        for (Envelope.Event event : Envelope.Event.values()) {
            rows.addAll(new AdminUserDionysusPublisher(outbox).entries(event, admin));
            rows.addAll(new ClientCardDionysusPublisher(outbox).entries(event, client));
            rows.addAll(new ProfileDionysusPublisher(outbox).entries(event,
                    new Profile(3, settings, Arrays.asList(1, "a", null))));
            rows.addAll(new ProfileDionysusPublisher(outbox).entries(event, new Profile(4, null, null)));
            ReservationDionysusPublisher reservations = new ReservationDionysusPublisher(outbox);
            rows.addAll(reservations.entries(event, new Reservation(10, admin)));
            rows.addAll(reservations.entries(event, new Reservation(11, client)));
            rows.addAll(reservations.entries(event, new Reservation(12, null)));
            rows.addAll(reservations.entries(event, new Reservation(13, null, admin)));
            rows.addAll(reservations.entries(event, new Reservation(14, client, client)));
        }
        assertTrue(rows.size() >= 21, "rows " + rows.size());
        for (OutboxEntry row : rows) {
            assertEquals(List.of(), contract.payloadErrors(row.topic(), row.eventName(), row.payload()),
                    row.topic() + " " + row.eventName() + ": " + row.payload());
        }
    }

    @Test
    void aPolymorphicLinkOfAModelTheRelationshipCannotHoldIsRejected() {
        String payload = "{\"message\":[{\"event\":\"reservation_created\",\"model_name\":\"Reservation\","
                + "\"data\":[{\"id\":10,\"links\":{\"guest\":{\"type\":\"Hotel\",\"id\":1},\"client\":null},"
                + "\"client\":null}]}]}";
        String valid = payload.replace("Hotel", "Client");
        assertEquals(List.of(), contract.payloadErrors("v3_reservations", "reservation_created", valid));
        assertFalse(contract.payloadErrors("v3_reservations", "reservation_created", payload).isEmpty());
    }
}
