package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.MARIADB;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.OutboxRows;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;

/** The relay's SQL: the key-order check over the index on unpublished rows, and marking with one statement. */
@ExtendWith(KafkaExtension.class)
class OutboxStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aKeyWaitsBehindAnEarlierRowBeyondOnePageOfWaitingRows(TestDatabase db) throws SQLException {
        OutboxSchema.install(db.dataSource());
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 2100; i++) {
            entries.add(entry("t", "A", "A:" + i));
        }
        entries.add(entry("t", "A", "A:late"));
        entries.add(entry("t", "B", "B:1"));
        write(db, entries);
        Instant retry = NOW.plus(Duration.ofMinutes(5));
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            OutboxStore store = OutboxStore.on(connection);
            List<OutboxRecord> waiting = store.claim(NOW, Duration.ZERO, 2100, Set.of(), true);
            Map<Long, Instant> holdBack = new java.util.HashMap<>();
            waiting.forEach(record -> holdBack.put(record.id(), retry));
            store.markHeldBack(holdBack, NOW);
            connection.commit();

            OutboxStore next = OutboxStore.on(connection);
            List<OutboxRecord> claimed = next.claim(NOW, Duration.ZERO, 500, Set.of(), true);
            assertEquals(List.of("A:late", "B:1"), claimed.stream().map(OutboxRecord::payload).toList());
            Map<String, Instant> held = next.heldKeys(NOW, claimed);
            assertEquals(Map.of(claimed.get(0).orderingKey(), retry), held,
                    "A waits for its 2,100 earlier rows (more than one page), B goes");
            connection.rollback();
        }
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void aLockedRowBetweenClaimedRowsHoldsBackItsKey(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("store_gap");
        kafka.createTopic(topic, 1);
        write(db, List.of(entry(topic, "A", "A:1"), entry(topic, "B", "B:1"), entry(topic, "B", "B:2")));
        long middle = ((Number) OutboxRows.all(db.dataSource()).get(1).get("id")).longValue();
        try (Connection other = db.dataSource().getConnection();
                OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).build()) {
            other.setAutoCommit(false);
            try (var lock = other.prepareStatement("SELECT id FROM dionysus_outboxes WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, middle);
                lock.executeQuery().close();
            }
            // claimed: A:1 and B:2, with B:1 (another relay's) between them
            assertEquals(new OutboxRelay.BatchResult(2, 1, 0, 1), relay.publishBatch(), "B:2 waits, A:1 goes");
            other.rollback();
            assertEquals(2, relay.publishBatch().published());
        }
        assertEquals(List.of("A:1", "B:1", "B:2"), kafka.readAll(topic).stream().map(ConsumerRecord::value).toList());
    }

    @AllDatabases({H2, POSTGRESQL, MARIADB})
    void publishedRowsGetTheirTimeAndLoseRetryTimesAndErrorsOnlyWhereTheyHadThem(TestDatabase db)
            throws SQLException {
        OutboxSchema.install(db.dataSource());
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1200; i++) { // more than one IN list of 500 on MySQL/MariaDB
            entries.add(entry("t", "K" + i, "K:" + i));
        }
        write(db, entries);
        List<Map<String, Object>> rows = OutboxRows.all(db.dataSource());
        long failedId = ((Number) rows.get(0).get("id")).longValue();
        long heldId = ((Number) rows.get(1).get("id")).longValue();
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            OutboxStore store = OutboxStore.on(connection);
            List<OutboxRecord> first = store.claim(NOW, Duration.ZERO, 2, Set.of(), true);
            store.markFailed(List.of(new OutboxStore.Failure(first.get(0), new IllegalStateException("boom"),
                    NOW.minusSeconds(1))), NOW.minusSeconds(2));
            store.markHeldBack(Map.of(heldId, NOW.minusSeconds(1)), NOW.minusSeconds(2));
            connection.commit();

            OutboxStore next = OutboxStore.on(connection);
            List<OutboxRecord> claimed = next.claim(NOW, Duration.ZERO, 2000, Set.of(), true);
            assertEquals(1200, claimed.size());
            next.markPublished(claimed, NOW);
            connection.commit();
        }
        List<Map<String, Object>> published = OutboxRows.all(db.dataSource());
        for (Map<String, Object> row : published) {
            assertNotNull(row.get("published_at"), "published: " + row);
            assertNull(row.get("retry_at"), "no retry time left: " + row);
            assertNull(row.get("failed_at"), row.toString());
            assertNull(row.get("error_class"), row.toString());
            assertNull(row.get("error_message"), row.toString());
        }
        Map<String, Object> failed = published.stream()
                .filter(row -> ((Number) row.get("id")).longValue() == failedId).findFirst().orElseThrow();
        assertEquals(1, ((Number) failed.get("attempts")).intValue(), "the attempt stays counted");
    }

    /**
     * Statistics taken before a backlog was published say every row is unpublished; PostgreSQL then answered the
     * earlier-rows check from the primary key, reading every published row (its former form, {@code published_at IS
     * NULL AND id < ?} without a limit, is planned so here on PostgreSQL 17). The check must stay on the partial
     * index.
     */
    @AllDatabases(POSTGRESQL)
    void theEarlierRowsCheckStaysOnThePartialIndexWithStatisticsOfAnUnpublishedBacklog(TestDatabase db)
            throws SQLException {
        OutboxSchema.install(db.dataSource());
        try (Connection connection = db.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            publishHalfOfABacklogAfterItsStatistics(statement);
            String sql = OutboxStore.EARLIER.replaceFirst("\\?", "0").replaceFirst("\\?", "100500")
                    .replaceFirst("\\?", "2000");
            String plan = plan(statement, sql);
            assertTrue(plan.contains("index_dionysus_outboxes_unpublished"), plan);
            assertFalse(plan.contains("pkey"), plan);
        }
    }

    /**
     * The PostgreSQL claim reads a probe beside its rows (the count and highest id of the lowest unpublished rows);
     * with the statistics of an unpublished backlog that probe must stay on the partial index too (walking the
     * primary key from id 1 would read every published row).
     */
    @AllDatabases(POSTGRESQL)
    void theClaimsProbeStaysOnThePartialIndexWithStatisticsOfAnUnpublishedBacklog(TestDatabase db)
            throws SQLException {
        OutboxSchema.install(db.dataSource());
        try (Connection connection = db.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            publishHalfOfABacklogAfterItsStatistics(statement);
            String sql = String.format(OutboxStore.CLAIM_PROBED, "").replaceFirst("\\?", "true")
                    .replaceFirst("\\?", "500")
                    .replaceFirst("\\?", "now()")
                    .replaceFirst("\\?", "true").replaceFirst("\\?", "now()").replaceFirst("\\?", "500");
            String plan = plan(statement, sql);
            assertFalse(plan.contains("pkey"), plan);
            assertEquals(2, plan.split("index_dionysus_outboxes_unpublished", -1).length - 1,
                    "the claim and its probe both on the partial index:\n" + plan);
            try (ResultSet rows = statement.executeQuery(sql)) {
                assertTrue(rows.next());
                assertEquals(100001, rows.getLong(1));
                assertEquals(500, rows.getLong(12), "the probe's count, beside each claimed row");
                assertEquals(100500, rows.getLong(13), "the probe's highest id");
            }
        }
    }

    /**
     * What the probe reads on PostgreSQL, against the rows the earlier-rows read would find: the claimed rows alone
     * when nothing unpublished lies below or between them, whether or not their ids have gaps (a rolled-back id);
     * more, or rows ending below the claim's last, when another relay holds a row below the claim or between its
     * rows. Wrong in the first way, every iteration would pay the read; in the second, a key would overtake a row
     * held elsewhere.
     */
    @AllDatabases(POSTGRESQL)
    void theProbeSeesTheLowestUnpublishedRowsWhateverTheirLocks(TestDatabase db) throws SQLException {
        OutboxSchema.install(db.dataSource());
        write(db, List.of(entry("t", "A", "A:1"), entry("t", "B", "B:1"), entry("t", "C", "C:1")));
        try (Connection rolledBack = db.dataSource().getConnection()) { // leaves id 4 unused
            rolledBack.setAutoCommit(false);
            Outbox.builder().build().insert(rolledBack, List.of(entry("t", "D", "D:1")));
            rolledBack.rollback();
        }
        write(db, List.of(entry("t", "E", "E:1")));
        List<Long> ids = OutboxRows.all(db.dataSource()).stream().map(row -> ((Number) row.get("id")).longValue())
                .toList();
        assertEquals(List.of(1L, 2L, 3L, 5L), ids);

        assertEquals(new Probe(4, 5, false), probe(db, null, 10), "a gap of a rolled-back id is no row");
        assertEquals(new Probe(2, 2, false), probe(db, null, 2), "a claim of the lowest rows");
        assertEquals(new Probe(4, 5, true), probe(db, 1L, 10), "another relay's row below the claim");
        assertEquals(new Probe(4, 5, true), probe(db, 2L, 10), "another relay's row between claimed rows");
        assertEquals(new Probe(2, 2, true), probe(db, 1L, 2), "the lowest rows, one of them another relay's");
    }

    private record Probe(long count, long highest, boolean mayBeHeldBack) {
    }

    /** Claims up to {@code limit} rows while another connection holds row {@code locked}, and reads the probe. */
    private static Probe probe(TestDatabase db, Long locked, int limit) throws SQLException {
        try (Connection other = db.dataSource().getConnection();
                Connection connection = db.dataSource().getConnection()) {
            other.setAutoCommit(false);
            connection.setAutoCommit(false);
            if (locked != null) {
                try (var lock = other.prepareStatement("SELECT id FROM dionysus_outboxes WHERE id = ? FOR UPDATE")) {
                    lock.setLong(1, locked);
                    lock.executeQuery().close();
                }
            }
            OutboxStore store = OutboxStore.on(connection);
            List<OutboxRecord> claimed = store.claim(NOW, Duration.ZERO, limit, Set.of(), true);
            Probe probe = new Probe(store.probeCount(), store.probeHighest(),
                    OutboxStore.mayBeHeldBack(claimed, store.probeCount(), store.probeHighest()));
            connection.rollback();
            other.rollback();
            return probe;
        }
    }

    @org.junit.jupiter.api.Test
    void theEarlierRowsAreReadOnlyWhenTheProbeSawAnUnpublishedRowTheClaimDidNotTake() {
        List<OutboxRecord> run = List.of(record(7), record(8), record(10));
        assertFalse(OutboxStore.mayBeHeldBack(run, 3, 10), "every unpublished row up to the last claimed one: 9 is"
                + " not committed yet (or published)");
        assertTrue(OutboxStore.mayBeHeldBack(run, 4, 10), "one more unpublished row below the last claimed one"
                + " (locked by another relay, waiting for its retry, or of a skipped topic)");
        assertTrue(OutboxStore.mayBeHeldBack(run, 3, 9), "the probe's rows end below the claim's: they differ");
        assertTrue(OutboxStore.mayBeHeldBack(run, -1, -1), "no probe (not PostgreSQL)");
        assertFalse(OutboxStore.mayBeHeldBack(List.of(), 3, 10), "nothing claimed");
    }

    /** 200,000 rows, statistics taken, then the lower half published: as when a relay starts on a backlog. */
    private static void publishHalfOfABacklogAfterItsStatistics(Statement statement) throws SQLException {
        statement.execute("INSERT INTO dionysus_outboxes (resource_class, resource_id, event_name, topic,"
                + " message_key, payload, created_at, updated_at) SELECT 'User', g::text, 'user_updated', 't',"
                + " 'User:' || g, repeat('x', 200), now(), now() FROM generate_series(1, 200000) g");
        statement.execute("ANALYZE dionysus_outboxes");
        statement.execute("UPDATE dionysus_outboxes SET published_at = now() WHERE id <= 100000");
    }

    private static String plan(Statement statement, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet lines = statement.executeQuery("EXPLAIN " + sql)) {
            while (lines.next()) {
                plan.append(lines.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static OutboxRecord record(long id) {
        return new OutboxRecord(id, "Thing", "1", "thing_updated", "t", null, "Thing:1", "{}", 0, NOW);
    }

    private static OutboxEntry entry(String topic, String partitionKey, String payload) {
        return new OutboxEntry("Thing", payload, "thing_updated", topic, partitionKey, "Thing:" + partitionKey,
                payload, null);
    }

    private static void write(TestDatabase db, List<OutboxEntry> entries) {
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            Outbox.builder().build().insert(connection, entries);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
