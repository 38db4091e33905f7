package io.dionysus.example.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.Envelope;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gem's soft-delete table (P15) and observers (P23), through the generated publishers. */
class SoftDeleteAndObserversTest {

    private final RoomDionysusPublisher rooms = new RoomDionysusPublisher(Outbox.builder().build());
    private Room room;
    private Room other;

    @BeforeEach
    void hotelWithTwoRooms() {
        Hotel hotel = new Hotel();
        hotel.id = 1L;
        Floor floor = new Floor();
        floor.hotel = hotel;
        hotel.floors.add(floor);
        room = room(10L, "Sea view", "120.00", floor);
        other = room(11L, "Garden", "90.00", floor);
    }

    private static Room room(long id, String name, String price, Floor floor) {
        Room room = new Room();
        room.id = id;
        room.name = name;
        room.price = new BigDecimal(price);
        room.floor = floor;
        floor.rooms.add(room);
        return room;
    }

    private static List<String> events(List<OutboxEntry> rows) {
        return rows.stream().map(OutboxEntry::eventName).toList();
    }

    @Test
    void nothingChangedWritesNothingAndUnobservedChangesRepublishOnlyTheRecord() {
        assertEquals(List.of(), rooms.updatedEntries(room, Set.of()));
        assertEquals(List.of("room_updated"), events(rooms.updatedEntries(room, Set.of("name"))));
    }

    @Test
    void anObservedChangeRepublishesTheObserverFoundThroughTheDottedPath() {
        other.price = new BigDecimal("80");
        List<OutboxEntry> rows = rooms.updatedEntries(other, Set.of("price"));
        assertEquals(List.of("room_updated", "hotel_updated"), events(rows));
        assertEquals("v3_hotels", rows.get(1).topic());
        assertEquals("Hotel:1", rows.get(1).messageKey());
        assertTrue(rows.get(1).payload().contains("\"cheapest_price\":\"80.0\""), rows.get(1).payload());
        assertEquals(List.of("room_created", "hotel_updated"), events(rooms.entries(Envelope.Event.CREATED, room)),
                "creates always match");
    }

    @Test
    void softDeleteTransitionsFollowTheGemsTable() {
        room.canceledAt = Instant.parse("2024-01-16T09:00:00Z");
        List<OutboxEntry> canceled = rooms.updatedEntries(room, Set.of("canceled_at"));
        assertEquals(List.of("room_destroyed", "hotel_updated"), events(canceled), "set: destroyed");
        assertTrue(canceled.get(0).payload().contains("\"canceled_at\":\"2024-01-16T09:00:00.000Z\""),
                "a soft delete carries the full snapshot: " + canceled.get(0).payload());
        assertTrue(canceled.get(1).payload().contains("\"cheapest_price\":\"90.0\""), canceled.get(1).payload());

        assertEquals(List.of("room_destroyed", "hotel_updated"),
                events(rooms.updatedEntries(room, Set.of("canceledAt"))), "changed from one time to another");
        assertEquals(List.of(), rooms.updatedEntries(room, Set.of("name")),
                "unchanged while soft-deleted: nothing");
        assertEquals(List.of("room_destroyed", "hotel_updated"), events(rooms.entries(Envelope.Event.UPDATED, room)),
                "without the changes a soft-deleted record is republished as destroyed");

        room.canceledAt = null;
        assertEquals(List.of("room_created", "hotel_updated"),
                events(rooms.updatedEntries(room, Set.of("canceled_at"))), "cleared: created (restore)");

        List<OutboxEntry> hardDeleted = rooms.entries(Envelope.Event.DESTROYED, room);
        assertEquals("{\"message\":[{\"event\":\"room_destroyed\",\"model_name\":\"Room\",\"data\":"
                + "[{\"links\":{},\"id\":10}]}]}", hardDeleted.get(0).payload(), "a hard delete stays id-only");
    }
}
