package io.dionysus.example.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.runtime.Envelope;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import io.dionysus.testkit.AsyncApiContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI documents the processor wrote for this module (main: User, Account, Rental; tests: Booking,
 * BookingsFee, Hotel, Room, Listing, Payment) are valid AsyncAPI 3.0, and every payload the wire-format fixtures
 * publish (each event, soft and hard deletes, sideloads, genesis twins, both tombstones) validates against the schema
 * of its message on its topic.
 */
class AsyncApiPayloadsTest {

    private final Outbox outbox = Outbox.builder().build();
    private final AsyncApiContract contract = AsyncApiContract.fromClassPath();

    @Test
    void theDocumentsAreValidAsyncApi3() {
        assertEquals(2, contract.documents().size(), "main and test compilations");
        assertEquals(List.of(), contract.documentErrors());
    }

    @Test
    void everyPayloadOfTheFixturesMatchesItsMessage() {
        List<OutboxEntry> rows = new ArrayList<>();
        Booking booking = WireFormatTest.booking();
        BookingDionysusPublisher bookings = new BookingDionysusPublisher(outbox);
        for (Envelope.Event event : Envelope.Event.values()) {
            rows.addAll(bookings.entries(event, booking));
            rows.addAll(new BookingsFeeDionysusPublisher(outbox).entries(event, booking.bookingsFees.get(0)));
            rows.addAll(new ListingDionysusPublisher(outbox).entries(event, listing()));
            rows.addAll(new PaymentDionysusPublisher(outbox).entries(event, new Payment(1, "acc-7")));
            rows.addAll(new RoomDionysusPublisher(outbox).entries(event, room()));
        }
        booking.canceledAt = Instant.parse("2024-01-17T08:00:00.123456Z");
        rows.addAll(bookings.updatedEntries(booking, Set.of("canceled_at")));
        rows.addAll(bookings.tombstoneEntries(booking));
        rows.addAll(new ListingDionysusPublisher(outbox).tombstoneEntries(listing()));
        rows.addAll(new ListingDionysusPublisher(outbox).genesisEntries(listing()));
        Hotel hotel = room().floor.hotel;
        rows.addAll(new HotelDionysusPublisher(outbox).entries(Envelope.Event.UPDATED, hotel));
        hotel.floors.clear();
        rows.addAll(new HotelDionysusPublisher(outbox).entries(Envelope.Event.UPDATED, hotel));

        Set<String> checked = new TreeSet<>();
        for (OutboxEntry row : rows) {
            assertEquals(List.of(), contract.payloadErrors(row.topic(), row.eventName(), row.payload()),
                    row.topic() + " " + row.eventName() + ": " + row.payload());
            checked.add(row.topic() + " " + row.eventName() + (row.payload() == null ? " (null)"
                    : row.payload().equals("null") ? " (text null)" : ""));
        }
        assertTrue(checked.containsAll(List.of("v3_bookings booking_created", "v3_bookings booking_destroyed",
                "v3_bookings booking_updated", "v3_bookings_fees bookings_fee_created", "v3_hotels hotel_updated",
                "v3_listings listing_created", "v3_listings_genesis listing_updated",
                "v3_listings listing_tombstone (text null)", "v3_bookings booking_tombstone (null)", "v3_payments payment_destroyed",
                "v3_rooms room_updated")), checked.toString());
    }

    @Test
    void aPayloadThatBreaksTheContractIsReported() {
        String updated = WireFormatTest.BOOKING_UPDATED;
        assertEquals(List.of(), contract.payloadErrors("v3_bookings", "booking_updated", updated));
        assertEquals(1, contract.payloadErrors("v3_bookings", "booking_updated",
                updated.replace("\"final_price\":\"140.5\"", "\"final_price\":140.5")).size(),
                "a decimal is a string");
        assertEquals(1, contract.payloadErrors("v3_bookings", "booking_updated",
                updated.replace("\"start_at\":\"2024-02-01\",", "")).size(), "every attribute is written");
    }

    private static Listing listing() {
        Listing listing = new Listing();
        listing.id = 5L;
        listing.title = "Loft";
        listing.accountUuid = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
        return listing;
    }

    private static Room room() {
        Hotel hotel = new Hotel();
        hotel.id = 3L;
        Floor floor = new Floor();
        floor.hotel = hotel;
        hotel.floors.add(floor);
        Room room = new Room();
        room.id = 30L;
        room.name = "Suite";
        room.price = new BigDecimal("99.90");
        room.floor = floor;
        floor.rooms.add(room);
        return room;
    }
}
