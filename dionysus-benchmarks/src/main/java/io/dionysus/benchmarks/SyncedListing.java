package io.dionysus.benchmarks;

import io.dionysus.annotations.SyncedModel;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** The synced model of {@link ConsumerHarness}: the local copy of a remote {@code Listing}. */
@SyncedModel("Listing")
@Table(name = "listings")
public class SyncedListing {

    /** The table, with the unique index on the synced id that the reference upserts need. */
    static final String DDL = "CREATE TABLE listings (id BIGSERIAL PRIMARY KEY, name TEXT, price NUMERIC(10, 2),"
            + " synced_id BIGINT NOT NULL UNIQUE, synced_created_at TIMESTAMP WITH TIME ZONE,"
            + " synced_updated_at TIMESTAMP WITH TIME ZONE, synced_data TEXT)";

    @Id
    Long id;
    String name;
    BigDecimal price;
    Long syncedId;
    Instant syncedCreatedAt;
    Instant syncedUpdatedAt;
    String syncedData;
}
