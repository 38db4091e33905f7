package io.dionysus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import io.dionysus.runtime.internal.JsonValues;
import io.dionysus.runtime.internal.ModelSupport;
import io.dionysus.runtime.outbox.OutboxEntry;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gem's {@code responder.call(batch, key:, partition_key:)} message (reference P10, §5.4, §5.8). */
class BatchMessageTest {

    record Named(Long id, String name, List<Named> children) {
        Named(Long id, String name) {
            this(id, name, List.of());
        }
    }

    /** A hand-written serializer of the generated kind: attributes, links, then sideloaded children (bit 0). */
    static final class NamedSerializer implements DionysusSerializer<Named> {
        private final String modelName;
        private final String eventPrefix;

        NamedSerializer(String modelName, String eventPrefix) {
            this.modelName = modelName;
            this.eventPrefix = eventPrefix;
        }

        @Override
        public String modelName() {
            return modelName;
        }

        @Override
        public String eventPrefix() {
            return eventPrefix;
        }

        @Override
        public String id(Named model) {
            return ModelSupport.idText(model.id(), modelName);
        }

        @Override
        public void write(Named model, JsonGenerator gen, int sideloads) throws IOException {
            gen.writeStartObject();
            gen.writeFieldName("id");
            JsonValues.writeLong(gen, model.id());
            gen.writeFieldName("name");
            JsonValues.writeString(gen, model.name());
            gen.writeFieldName("links");
            gen.writeStartObject();
            gen.writeFieldName("children");
            gen.writeStartArray();
            for (Named child : model.children()) {
                JsonValues.writeLong(gen, child.id());
            }
            gen.writeEndArray();
            gen.writeEndObject();
            if ((sideloads & 1) != 0) {
                gen.writeFieldName("children");
                gen.writeStartArray();
                for (Named child : model.children()) {
                    write(child, gen, 0);
                }
                gen.writeEndArray();
            }
            gen.writeEndObject();
        }

        @Override
        public void writeId(Named model, JsonGenerator gen) throws IOException {
            JsonValues.writeLong(gen, model.id());
        }

        @Override
        public void writeDeleted(Named model, JsonGenerator gen) throws IOException {
            gen.writeStartObject();
            gen.writeFieldName("links");
            gen.writeStartObject();
            gen.writeEndObject();
            gen.writeFieldName("id");
            JsonValues.writeLong(gen, model.id());
            gen.writeEndObject();
        }
    }

    private static final PublishedModel<Named> RENTAL = PublishedModel.builder(new NamedSerializer("Rental", "rental"))
            .topic("v3_rentals", topic -> topic.sideloads(1).genesisReplica())
            .build();
    private static final PublishedModel<Named> CLIENT = PublishedModel.builder(new NamedSerializer("Client", "client"))
            .topic("v3_clients", topic -> topic.sideloads(1))
            .build();
    private static final PublishedModel<Named> ADMIN = PublishedModel
            .builder(new NamedSerializer("Admin::User", "admin_user"))
            .topic("v3_rentals")
            .build();

    /** §5.4 shaped by P10: events in order, model_name per event, data arrays, the caller's key and partition key. */
    @Test
    void severalEventsOfSeveralModelsInOneMessageUnderTheCallersKey() {
        List<OutboxEntry> rows = BatchMessage.on("v3_rentals")
                .event(Envelope.Event.CREATED, RENTAL, List.of(new Named(1L, "Villa Saganaki",
                        List.of(new Named(10L, "Fee"))), new Named(2L, "Villas Thalassa")))
                .event(Envelope.Event.DESTROYED, CLIENT, List.of(new Named(1L, "Ann")))
                .event("rental_completed", RENTAL, List.of(new Named(1L, "Villa Saganaki")))
                .event(Envelope.Event.CANCELED, ADMIN, List.of(new Named(5L, "Bob")))
                .key("RecordsCollection:7")
                .partitionKey("7")
                .rows();
        String value = "{\"message\":["
                + "{\"event\":\"rental_created\",\"model_name\":\"Rental\",\"data\":["
                + "{\"id\":1,\"name\":\"Villa Saganaki\",\"links\":{\"children\":[10]},"
                + "\"children\":[{\"id\":10,\"name\":\"Fee\",\"links\":{\"children\":[]}}]},"
                + "{\"id\":2,\"name\":\"Villas Thalassa\",\"links\":{\"children\":[]},\"children\":[]}]},"
                + "{\"event\":\"client_destroyed\",\"model_name\":\"Client\",\"data\":[{\"links\":{},\"id\":1}]},"
                + "{\"event\":\"rental_completed\",\"model_name\":\"Rental\",\"data\":["
                + "{\"id\":1,\"name\":\"Villa Saganaki\",\"links\":{\"children\":[]},\"children\":[]}]},"
                + "{\"event\":\"admin_user_destroyed\",\"model_name\":\"Admin::User\",\"data\":["
                + "{\"id\":5,\"name\":\"Bob\",\"links\":{\"children\":[]}}]}]}";
        assertEquals(List.of(
                new OutboxEntry("Rental", "1", "rental_created", "v3_rentals", "7", "RecordsCollection:7", value, null),
                new OutboxEntry("Rental", "1", "rental_created", "v3_rentals_genesis", "7", "RecordsCollection:7",
                        value, null)), rows, "the topic and the twin Rental declares");
    }

    /** P10: a model not published on the topic is serialized without dependencies (the gem's NullRegistration). */
    @Test
    void aModelNotPublishedOnTheTopicHasNoSideloadsThere() {
        List<OutboxEntry> rows = BatchMessage.on("v3_clients")
                .event(Envelope.Event.UPDATED, RENTAL, List.of(new Named(1L, "V", List.of(new Named(10L, "F")))))
                .event(Envelope.Event.UPDATED, CLIENT, List.of(new Named(2L, "C", List.of(new Named(11L, "G")))))
                .key("k")
                .rows();
        assertEquals(1, rows.size(), "no model declares a twin of v3_clients");
        assertEquals("{\"message\":[{\"event\":\"rental_updated\",\"model_name\":\"Rental\",\"data\":[{\"id\":1,"
                + "\"name\":\"V\",\"links\":{\"children\":[10]}}]},{\"event\":\"client_updated\",\"model_name\":"
                + "\"Client\",\"data\":[{\"id\":2,\"name\":\"C\",\"links\":{\"children\":[11]},\"children\":[{"
                + "\"id\":11,\"name\":\"G\",\"links\":{\"children\":[]}}]}]}]}", rows.get(0).payload());
        assertEquals(null, rows.get(0).partitionKey(), "no partition key: partitioned by the key");
    }

    @Test
    void genesisOnlyWritesTheTwinAlone() {
        List<OutboxEntry> rows = BatchMessage.on("v3_rentals").genesisOnly()
                .event(Envelope.Event.UPDATED, RENTAL, List.of(new Named(1L, "V"))).key("Rental:1").rows();
        assertEquals(List.of("v3_rentals_genesis"), rows.stream().map(OutboxEntry::topic).toList());
        IllegalStateException noTwin = assertThrows(IllegalStateException.class, () -> BatchMessage.on("v3_clients")
                .genesisOnly().event(Envelope.Event.UPDATED, CLIENT, List.of(new Named(1L, "C"))).key("k").rows());
        assertTrue(noTwin.getMessage().contains("genesisReplica"), noTwin.getMessage());
    }

    /** Reference §6 defect 8: the gem drops the whole message for one empty event; here it is refused. */
    @Test
    void badMessagesAreRefusedNotDropped() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> BatchMessage.on("v3_rentals").event(Envelope.Event.CREATED, RENTAL, List.of()));
        assertTrue(empty.getMessage().startsWith("rental_created has no records"), empty.getMessage());
        assertThrows(IllegalStateException.class, () -> BatchMessage.on("v3_rentals").key("k").rows());
        IllegalStateException noKey = assertThrows(IllegalStateException.class, () -> BatchMessage.on("v3_rentals")
                .event(Envelope.Event.CREATED, RENTAL, List.of(new Named(1L, "V"))).rows());
        assertTrue(noKey.getMessage().contains("needs a key"), noKey.getMessage());
        IllegalStateException undeclared = assertThrows(IllegalStateException.class, () -> BatchMessage
                .on("v3_bookings").event(Envelope.Event.CREATED, RENTAL, List.of(new Named(1L, "V"))).key("k").rows());
        assertEquals("none of [Rental] is published on v3_bookings; declare the topic with @DionysusTopic on one of"
                + " them", undeclared.getMessage());
        IllegalArgumentException noId = assertThrows(IllegalArgumentException.class, () -> BatchMessage
                .on("v3_rentals").event(Envelope.Event.CREATED, RENTAL, List.of(new Named(1L, "V"),
                        new Named(null, "W"))).key("k").rows());
        assertTrue(noId.getMessage().startsWith("cannot serialize Rental: Rental has no id"), noId.getMessage());
    }

    /** A key is required and reaches Kafka as it is: an empty key or an unpaired surrogate (Kafka's "?") is refused. */
    @Test
    void keysThatCannotReachKafkaAsTheyAreAreRefused() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> BatchMessage.on("v3_rentals").key(""));
        assertTrue(empty.getMessage().contains("needs a non-empty key"), empty.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> BatchMessage.on("v3_rentals").key("k\uD83D"));
        assertEquals("the key of a message on v3_rentals has an unpaired surrogate U+D83D at index 1: it is not"
                + " valid Unicode, which Ruby refuses to encode and Dionysus does not change; fix the text",
                key.getMessage());
        IllegalArgumentException partitionKey = assertThrows(IllegalArgumentException.class,
                () -> BatchMessage.on("v3_rentals").partitionKey("\uDC007"));
        assertTrue(partitionKey.getMessage().startsWith("the partition key of a message on v3_rentals has an"
                + " unpaired surrogate U+DC00 at index 0"), partitionKey.getMessage());
        IllegalArgumentException eventName = assertThrows(IllegalArgumentException.class,
                () -> BatchMessage.on("v3_rentals").event("rental_\uD800", RENTAL, List.of(new Named(1L, "V"))));
        assertTrue(eventName.getMessage().startsWith("the event name of a message on v3_rentals has an unpaired"),
                eventName.getMessage());
        assertEquals("", BatchMessage.on("v3_rentals").event(Envelope.Event.CREATED, RENTAL,
                List.of(new Named(1L, "V"))).key("k").partitionKey("").rows().get(0).partitionKey(),
                "an empty partition key is the gem's partition_key: \"\" as it is");
    }

    /** A custom event name is a string of the payload: escaped as ActiveSupport escapes every string. */
    @Test
    void customEventNamesAreEscapedAsActiveSupportDoes() {
        String payload = BatchMessage.on("v3_rentals").event("rental_<b>&", RENTAL, List.of(new Named(1L, "V")))
                .key("k").rows().get(0).payload();
        assertTrue(payload.startsWith("{\"message\":[{\"event\":\"rental_\\u003cb\\u003e\\u0026\","),
                payload);
    }

    static class Car {
        final Long id;

        Car(Long id) {
            this.id = id;
        }
    }

    static class SportsCar extends Car {
        SportsCar(Long id) {
            super(id);
        }
    }

    /** A serializer writing only the id, enough to tell which model wrote a record. */
    static final class IdSerializer<T extends Car> implements DionysusSerializer<T> {
        private final String modelName;

        IdSerializer(String modelName) {
            this.modelName = modelName;
        }

        @Override
        public String modelName() {
            return modelName;
        }

        @Override
        public String eventPrefix() {
            return io.dionysus.runtime.naming.Inflector.underscore(modelName);
        }

        @Override
        public String id(T model) {
            return ModelSupport.idText(model.id, modelName);
        }

        @Override
        public void write(T model, JsonGenerator gen, int sideloads) throws IOException {
            gen.writeStartObject();
            gen.writeFieldName("id");
            JsonValues.writeLong(gen, model.id);
            gen.writeEndObject();
        }

        @Override
        public void writeId(T model, JsonGenerator gen) throws IOException {
            JsonValues.writeLong(gen, model.id);
        }

        @Override
        public void writeDeleted(T model, JsonGenerator gen) throws IOException {
            write(model, gen, 0);
        }
    }

    /**
     * A record whose class is itself another published model (SportsCar extends Car) would be written as a Car,
     * losing its model name and attributes: refused; a subclass that is no model (a Hibernate proxy) is a Car.
     */
    @Test
    void aRecordOfASubclassModelIsRefusedUnderItsSuperclassModel() {
        PublishedModel<Car> car = PublishedModel.builder(new IdSerializer<Car>("Car")).topic("v3_cars").build();
        PublishedModel<SportsCar> sportsCar = PublishedModel.builder(new IdSerializer<SportsCar>("SportsCar"))
                .topic("v3_cars").build();
        DionysusModels models = DionysusModels.of(List.of(() -> List.of(
                new io.dionysus.runtime.spi.ModelRegistration<>(Car.class, car, null, null),
                new io.dionysus.runtime.spi.ModelRegistration<>(SportsCar.class, sportsCar, null, null))));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> BatchMessage
                .on("v3_cars", models).event(Envelope.Event.CREATED, car, List.of(new Car(1L), new SportsCar(2L))));
        assertEquals("a record of car_created is a " + SportsCar.class.getName() + ", itself the published model"
                + " SportsCar; written as Car it would lose its model name and attributes: add it in an event of its"
                + " own model (its publisher's MODEL)", refused.getMessage());
        Car proxy = new Car(3L) { };
        String payload = BatchMessage.on("v3_cars", models).event(Envelope.Event.CREATED, car, List.of(proxy))
                .event(Envelope.Event.CREATED, sportsCar, List.of(new SportsCar(2L))).key("k").rows().get(0)
                .payload();
        assertEquals("{\"message\":[{\"event\":\"car_created\",\"model_name\":\"Car\",\"data\":[{\"id\":3}]},"
                + "{\"event\":\"sports_car_created\",\"model_name\":\"SportsCar\",\"data\":[{\"id\":2}]}]}",
                payload);
    }
}
