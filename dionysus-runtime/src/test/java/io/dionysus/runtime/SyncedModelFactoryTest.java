package io.dionysus.runtime;

import static io.dionysus.runtime.SyncedModelFactory.Role.GENERATED_ID;
import static io.dionysus.runtime.SyncedModelFactory.Role.NONE;
import static io.dionysus.runtime.SyncedModelFactory.Role.SYNCED_CANCELED_AT;
import static io.dionysus.runtime.SyncedModelFactory.Role.SYNCED_DATA;
import static io.dionysus.runtime.SyncedModelFactory.Role.SYNCED_ID;
import static io.dionysus.runtime.SyncedModelFactory.Role.SYNCED_UPDATED_AT;
import static io.dionysus.runtime.SyncedModelFactory.ValueType.ENUM;
import static io.dionysus.runtime.SyncedModelFactory.ValueType.INT_OR_ZERO;
import static io.dionysus.runtime.SyncedModelFactory.ValueType.LONG;
import static io.dionysus.runtime.SyncedModelFactory.ValueType.OFFSET_DATE_TIME;
import static io.dionysus.runtime.SyncedModelFactory.ValueType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table-driven factory body: conversions, roles and column order (reading rows: SetBasedApplyTest). */
class SyncedModelFactoryTest {

    enum Size { SMALL, LARGE }

    static final class Box {
        Long id;
        Long syncedId;
        String label;
        int count = 7;
        Size size;
        OffsetDateTime syncedUpdatedAt;
        OffsetDateTime syncedCanceledAt;
        String syncedData;
    }

    static final class BoxFactory extends SyncedModelFactory<Box> {

        BoxFactory() {
            super("Box", "boxes",
                    column("id", "id", LONG, GENERATED_ID),
                    column("synced_id", "remote_id", LONG, SYNCED_ID),
                    column("name", "label", TEXT, NONE),
                    column("count", "count", INT_OR_ZERO, NONE),
                    column("size", "size", ENUM, NONE),
                    column("synced_updated_at", "synced_updated_at", OFFSET_DATE_TIME, SYNCED_UPDATED_AT),
                    column("synced_canceled_at", "synced_canceled_at", OFFSET_DATE_TIME, SYNCED_CANCELED_AT),
                    column("synced_data", "synced_data", TEXT, SYNCED_DATA));
        }

        @Override
        public Box newInstance() {
            return new Box();
        }

        @Override
        protected Object get(Box model, int index) {
            return switch (index) {
                case 0 -> model.id;
                case 1 -> model.syncedId;
                case 2 -> model.label;
                case 3 -> model.count;
                case 4 -> model.size;
                case 5 -> model.syncedUpdatedAt;
                case 6 -> model.syncedCanceledAt;
                case 7 -> model.syncedData;
                default -> throw new IndexOutOfBoundsException(index);
            };
        }

        @Override
        protected void set(Box model, int index, Object value) {
            switch (index) {
                case 0 -> model.id = (Long) value;
                case 1 -> model.syncedId = (Long) value;
                case 2 -> model.label = (String) value;
                case 3 -> model.count = (Integer) value;
                case 4 -> model.size = value == null ? null : Size.valueOf((String) value);
                case 5 -> model.syncedUpdatedAt = (OffsetDateTime) value;
                case 6 -> model.syncedCanceledAt = (OffsetDateTime) value;
                case 7 -> model.syncedData = (String) value;
                default -> throw new IndexOutOfBoundsException(index);
            }
        }
    }

    private final BoxFactory factory = new BoxFactory();

    @Test
    void factsComeFromTheTable() {
        assertEquals("Box", factory.modelName());
        assertEquals("boxes", factory.table());
        assertEquals("remote_id", factory.syncedIdColumn());
        assertTrue(factory.softDeletable());
    }

    @Test
    void assignConvertsPresentAttributesKeepsAbsentOnesAndStoresTheRecordAsData() {
        Box box = factory.newInstance();
        box.id = 99L;
        box.label = "kept";
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("id", 5L); // the local generated id is never assigned
        attributes.put("synced_id", 12);
        attributes.put("count", null); // a primitive: null becomes 0
        attributes.put("size", "LARGE");
        attributes.put("synced_updated_at", "2024-03-01T10:00:00.123Z");
        factory.assign(box, attributes);
        assertEquals(99L, box.id);
        assertEquals(12L, box.syncedId);
        assertEquals("kept", box.label);
        assertEquals(0, box.count);
        assertEquals(Size.LARGE, box.size);
        assertEquals(Instant.parse("2024-03-01T10:00:00.123Z"), box.syncedUpdatedAt.toInstant());
        assertEquals("{\"id\":5,\"synced_id\":12,\"count\":null,\"size\":\"LARGE\","
                + "\"synced_updated_at\":\"2024-03-01T10:00:00.123Z\"}", box.syncedData);
    }

    @Test
    void aValueThatDoesNotConvertNamesItsAttribute() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory.assign(new Box(), Map.of("count", "many")));
        assertTrue(e.getMessage().contains("count"), e.getMessage());
    }

    @Test
    void columnsAreInTableOrderWithoutTheGeneratedId() {
        Box box = new Box();
        box.id = 1L;
        box.syncedId = 2L;
        box.label = "a";
        box.size = Size.SMALL;
        Map<String, Object> columns = factory.columns(box);
        assertEquals(List.of("remote_id", "label", "count", "size", "synced_updated_at", "synced_canceled_at",
                "synced_data"), List.copyOf(columns.keySet()));
        assertEquals(2L, columns.get("remote_id"));
        assertEquals(7, columns.get("count"));
        assertEquals(Size.SMALL, columns.get("size"));
    }

    @Test
    void timesOfAnyTypeAreInstantsAndCancelingConvertsToTheMembersType() {
        Box box = new Box();
        assertNull(factory.syncedCreatedAt(box)); // no such column
        box.syncedUpdatedAt = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2));
        assertEquals(Instant.parse("2024-01-02T01:04:05Z"), factory.syncedUpdatedAt(box));
        Instant canceled = Instant.parse("2024-05-06T07:08:09Z");
        factory.syncedCanceledAt(box, canceled);
        assertEquals(canceled, box.syncedCanceledAt.toInstant());
        assertEquals(canceled, factory.syncedCanceledAt(box));
        factory.syncedCanceledAt(box, null);
        assertNull(box.syncedCanceledAt);
    }

    @Test
    void aTableNeedsOneSyncedIdAndAtMostOneOfEachRole() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new Bare(
                SyncedModelFactory.column("name", "name", TEXT, NONE)));
        assertTrue(none.getMessage().contains("SYNCED_ID"), none.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> new Bare(
                SyncedModelFactory.column("synced_id", "synced_id", LONG, SYNCED_ID),
                SyncedModelFactory.column("synced_data", "a", TEXT, SYNCED_DATA),
                SyncedModelFactory.column("synced_data", "b", TEXT, SYNCED_DATA)));
        assertTrue(two.getMessage().contains("SYNCED_DATA"), two.getMessage());
        assertFalse(new Bare(SyncedModelFactory.column("synced_id", "synced_id", LONG, SYNCED_ID)).softDeletable());
    }

    private static final class Bare extends SyncedModelFactory<Object> {

        Bare(Column... columns) {
            super("Bare", "bares", columns);
        }

        @Override
        public Object newInstance() {
            return new Object();
        }

        @Override
        protected Object get(Object model, int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        protected void set(Object model, int index, Object value) {
            throw new IndexOutOfBoundsException(index);
        }
    }
}
