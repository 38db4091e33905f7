package io.dionysus.example.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dionysus.runtime.DionysusModels;
import io.dionysus.runtime.Envelope;
import io.dionysus.runtime.outbox.Outbox;
import io.dionysus.runtime.outbox.OutboxEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated serializers and publishers against the bytes the gem produces (reference/dionysus-rb.md §5, §8). */
class WireFormatTest {

    private final Outbox outbox = Outbox.builder().build();

    /** The records of reference §5.2: booking 1 of account 7 and rental 12, with fee 100. */
    static Booking booking() {
        Account account = new Account("Smily");
        account.setId(7L);
        Rental rental = new Rental("Villa", account);
        rental.setId(12L);
        Booking booking = new Booking();
        booking.id = 1L;
        booking.finalPrice = new BigDecimal("140.50");
        booking.startAt = LocalDate.of(2024, 2, 1);
        booking.notes = "late arrival";
        booking.createdAt = Instant.parse("2024-01-16T09:00:00.500Z");
        booking.updatedAt = Instant.parse("2024-01-16T09:10:00.999999Z");
        booking.account = account;
        booking.rental = rental;
        BookingsFee fee = new BookingsFee();
        fee.id = 100L;
        fee.amount = new BigDecimal("20");
        fee.name = "Cleaning";
        fee.createdAt = Instant.parse("2024-01-16T09:05:00Z");
        fee.updatedAt = Instant.parse("2024-01-16T09:05:00Z");
        fee.booking = booking;
        booking.bookingsFees.add(fee);
        return booking;
    }

    static final String BOOKING_UPDATED = "{\"message\":[{\"event\":\"booking_updated\",\"model_name\":\"Booking\","
            + "\"data\":[{\"id\":1,\"final_price\":\"140.5\",\"start_at\":\"2024-02-01\",\"notes\":\"late arrival\","
            + "\"created_at\":\"2024-01-16T09:00:00.500Z\",\"updated_at\":\"2024-01-16T09:10:00.999Z\","
            + "\"canceled_at\":null,\"links\":{\"account\":7,\"rental\":12,\"bookings_fees\":[100]},"
            + "\"bookings_fees\":[{\"id\":100,\"amount\":\"20.0\",\"name\":\"Cleaning\","
            + "\"created_at\":\"2024-01-16T09:05:00.000Z\",\"updated_at\":\"2024-01-16T09:05:00.000Z\","
            + "\"links\":{\"booking\":1}}]}]}]}";

    @Test
    void updatedBookingMatchesTheGemsMessageByteForByte() {
        OutboxEntry entry = new BookingDionysusPublisher(outbox).entries(Envelope.Event.UPDATED, booking()).get(0);
        assertEquals(BOOKING_UPDATED, entry.payload(), "reference §5.2, as produced by running the gem");
        assertEquals("v3_bookings", entry.topic());
        assertEquals("Booking:1", entry.messageKey());
        assertEquals("12", entry.partitionKey(), "partitionKey = \"rentalId\", read when the row is written");
        assertEquals("booking_updated", entry.eventName());
        assertEquals("Booking", entry.resourceClass());
        assertEquals("1", entry.resourceId());
    }

    @Test
    void hardDeletedRecordIsLinksThenId() {
        OutboxEntry entry = new BookingDionysusPublisher(outbox).entries(Envelope.Event.DESTROYED, booking()).get(0);
        assertEquals("{\"message\":[{\"event\":\"booking_destroyed\",\"model_name\":\"Booking\","
                + "\"data\":[{\"links\":{},\"id\":1}]}]}", entry.payload());
        assertEquals("12", entry.partitionKey(), "a destroyed record keeps its partition");
    }

    @Test
    void aChangedDependencyRepublishesItsParentInTheSameWrite() {
        BookingsFee fee = booking().bookingsFees.get(0);
        fee.name = "Cleaning <b> & co";
        fee.accountId = 7L;
        List<OutboxEntry> rows = new BookingsFeeDionysusPublisher(outbox).entries(Envelope.Event.CREATED, fee);
        assertEquals(2, rows.size(), "its own row, then the parent's: " + rows);
        assertEquals("{\"message\":[{\"event\":\"bookings_fee_created\",\"model_name\":\"BookingsFee\","
                + "\"data\":[{\"id\":100,\"amount\":\"20.0\",\"name\":\"Cleaning \\u003cb\\u003e \\u0026 co\","
                + "\"created_at\":\"2024-01-16T09:05:00.000Z\",\"updated_at\":\"2024-01-16T09:05:00.000Z\","
                + "\"links\":{\"booking\":1}}]}]}", rows.get(0).payload(), "event names are not singularized");
        assertEquals("7", rows.get(0).partitionKey(), "accountId is the default partition key");
        OutboxEntry parent = rows.get(1);
        assertEquals("v3_bookings", parent.topic());
        assertEquals("booking_updated", parent.eventName());
        assertEquals("Booking:1", parent.messageKey());
        assertEquals("12", parent.partitionKey());
        assertEquals(BOOKING_UPDATED.replace("\"Cleaning\"", "\"Cleaning \\u003cb\\u003e \\u0026 co\""),
                parent.payload(), "the parent's full snapshot with the dependency sideloaded");

        List<OutboxEntry> destroyed = new BookingsFeeDionysusPublisher(outbox).entries(Envelope.Event.DESTROYED, fee);
        assertEquals("{\"message\":[{\"event\":\"bookings_fee_destroyed\",\"model_name\":\"BookingsFee\","
                + "\"data\":[{\"links\":{},\"id\":100}]}]}", destroyed.get(0).payload());
        assertEquals("booking_updated", destroyed.get(1).eventName(),
                "unlike the gem, a hard-deleted dependency still republishes its parent");
    }

    @Test
    void seedUserWithoutAccountHasNoPartitionKeyAndTombstonesHaveNoPayload() {
        User user = new User("Dionysus");
        user.setId(1L);
        user.setCreatedAt(Instant.parse("2023-12-08T14:02:36.280Z"));
        user.setUpdatedAt(Instant.parse("2023-12-08T14:02:36.280Z"));
        UserDionysusPublisher publisher = new UserDionysusPublisher(outbox);
        OutboxEntry created = publisher.entries(Envelope.Event.CREATED, user).get(0);
        assertEquals("{\"message\":[{\"event\":\"user_created\",\"model_name\":\"User\",\"data\":[{\"name\":"
                + "\"Dionysus\",\"id\":1,\"created_at\":\"2023-12-08T14:02:36.280Z\",\"updated_at\":"
                + "\"2023-12-08T14:02:36.280Z\",\"links\":{}}]}]}", created.payload());
        assertNull(created.partitionKey());
        List<OutboxEntry> tombstone = publisher.tombstoneEntries(user);
        assertEquals(1, tombstone.size());
        assertNull(tombstone.get(0).payload());
        assertEquals("User:1", tombstone.get(0).messageKey());
    }

    @Test
    void genesisTwinsRubyPartitionKeysAndTextTombstones() {
        Listing listing = new Listing();
        listing.id = 5L;
        listing.title = "Loft";
        listing.accountUuid = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
        ListingDionysusPublisher publisher = new ListingDionysusPublisher(outbox);

        List<OutboxEntry> created = publisher.entries(Envelope.Event.CREATED, listing);
        assertEquals(List.of("v3_listings", "v3_listings_genesis"), created.stream().map(OutboxEntry::topic).toList(),
                "every message goes to the topic and its genesis twin");
        assertEquals(created.get(0).payload(), created.get(1).payload());
        assertEquals("7", created.get(0).partitionKey(), "the gem's to_i.to_s of an attribute partition key");

        List<OutboxEntry> genesis = publisher.genesisEntries(listing);
        assertEquals(1, genesis.size(), "a genesis-only send goes to the twin only");
        assertEquals("v3_listings_genesis", genesis.get(0).topic());
        assertEquals("listing_updated", genesis.get(0).eventName());

        List<OutboxEntry> tombstones = publisher.tombstoneEntries(listing);
        assertEquals(List.of("null", "null"), tombstones.stream().map(OutboxEntry::payload).toList(),
                "the gem's 4-byte text, on both topics");
        assertEquals(List.of("v3_listings", "v3_listings_genesis"), DionysusModels.load()
                .registration(Listing.class).topics());
        assertNull(new UserDionysusPublisher(outbox).tombstoneEntries(new User("x") {{ setId(1L); }}).get(0)
                .payload(), "a real null by default");
        assertEquals(List.of(), new UserDionysusPublisher(outbox).genesisEntries(new User("x") {{ setId(1L); }}),
                "no twin, no genesis rows");
    }

    @Test
    void theGeneratedRegistryIsFoundThroughServiceLoader() {
        DionysusModels models = DionysusModels.load();
        assertEquals(List.of("dionysus_demo_users"), models.registration(User.class).topics());
        assertEquals("Booking", models.serializer(Booking.class).modelName());
        assertEquals(List.of("v3_bookings_fees"), models.publisher(BookingsFee.class, outbox).topics());
        assertEquals(List.of("dionysus_demo_accounts"), models.registration(Account.class).topics());
    }

    /** Reference P13: only an attribute key is Ruby's to_i.to_s; a resolver's text is the key as it is, null none. */
    @org.junit.jupiter.api.Test
    void aResolverPartitionKeyIsItsTextAndNullMeansNone() {
        PaymentDionysusPublisher payments = new PaymentDionysusPublisher(outbox);
        assertEquals("acc-7", payments.entries(Envelope.Event.CREATED, new Payment(1, "acc-7")).get(0)
                .partitionKey());
        assertEquals("", payments.entries(Envelope.Event.CREATED, new Payment(2, "")).get(0).partitionKey());
        assertNull(payments.entries(Envelope.Event.CREATED, new Payment(3, null)).get(0).partitionKey(),
                "no partition key: partitioned by the message key");
    }
}
