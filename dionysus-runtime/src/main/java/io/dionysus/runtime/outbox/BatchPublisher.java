package io.dionysus.runtime.outbox;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iteration of the relay on its store, in the caller's transaction: claim, decide which rows may go (the
 * key-order rules), send, and mark.
 *
 * <p>A row is held back when an earlier row of its key is unpublished and not ours (retrying later, or claimed by
 * another relay), or failed in this batch. Rows of topics whose metadata is being looked up, or whose lookup failed
 * less than their back-off ago, are not claimed at all ({@link UnavailableTopics}), so however many rows such a
 * topic has, the other topics' rows fill the batch. When a lookup fails, every unpublished row of its topic is
 * charged at once, with one error and one retry time. Failures are marked with the time they are marked, not the
 * batch's start, so a long batch's back-offs are not over before they begin.
 */
final class BatchPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final int batchSize;
    private final Duration publishingDelay;
    private final Duration backoffBase;
    private final Duration backoffCap;
    private final Clock clock;
    private final OutboxSender sender;
    private final UnavailableTopics unavailable = new UnavailableTopics();

    BatchPublisher(int batchSize, Duration publishingDelay, Duration backoffBase, Duration backoffCap, Clock clock,
            OutboxSender sender) {
        this.batchSize = batchSize;
        this.publishingDelay = publishingDelay;
        this.backoffBase = backoffBase;
        this.backoffCap = backoffCap;
        this.clock = clock;
        this.sender = sender;
    }

    /** A topic whose lookup failed: every unpublished row of it ({@code rows}) was charged with {@code error}. */
    record TopicFailure(String topic, int rows, Throwable error) {
    }

    /**
     * What an iteration did.
     *
     * @param producerFailure an error of the producer that is no row's fault, to fail the iteration with once what
     *     it did is committed; or {@code null}
     */
    record Outcome(OutboxRelay.BatchResult result, List<OutboxRecord> published, List<OutboxStore.Failure> failed,
            List<TopicFailure> topicsFailed, RuntimeException producerFailure) {
    }

    /** Whether a lookup of some topic's metadata is under way (its rows are not claimed meanwhile). */
    boolean lookupsUnderWay() {
        return !sender.lookupsUnderWay().isEmpty();
    }

    /** One iteration on one store: {@link #send}, {@link #decide}, {@link #mark}. */
    Outcome publish(OutboxStore store) throws SQLException {
        return mark(store, decide(store, send(store)));
    }

    /** A batch claimed, checked and handed to the producer; its acknowledgements not read yet. */
    static final class Claimed {
        private final List<TopicFailure> topicsFailed;
        private final List<OutboxRecord> claimed;
        private final Map<Long, OutboxRecord> heldBackRecords;
        private final Map<Long, Instant> holdBack;
        private final List<OutboxRecord> sends;
        private final int inFlightElsewhere;
        private final OutboxSender.Sending sending;

        Claimed(List<TopicFailure> topicsFailed, List<OutboxRecord> claimed, Map<Long, OutboxRecord> heldBackRecords,
                Map<Long, Instant> holdBack, List<OutboxRecord> sends, int inFlightElsewhere,
                OutboxSender.Sending sending) {
            this.topicsFailed = topicsFailed;
            this.claimed = claimed;
            this.heldBackRecords = heldBackRecords;
            this.holdBack = holdBack;
            this.sends = sends;
            this.inFlightElsewhere = inFlightElsewhere;
            this.sending = sending;
        }
    }

    /** A batch whose acknowledgements were read: what to mark, not marked yet. */
    static final class Decided {
        private final Claimed batch;
        private final OutboxSender.Sent sent;
        private final List<OutboxRecord> published;
        private final List<OutboxStore.Failure> failed;
        private final Map<Long, Instant> holdBack;
        private final int waiting;
        private final Instant marked;

        Decided(Claimed batch, OutboxSender.Sent sent, List<OutboxRecord> published,
                List<OutboxStore.Failure> failed, Map<Long, Instant> holdBack, int waiting, Instant marked) {
            this.marked = marked;
            this.batch = batch;
            this.sent = sent;
            this.published = published;
            this.failed = failed;
            this.holdBack = holdBack;
            this.waiting = waiting;
        }

        /** The ids of the rows acknowledged. */
        Set<Long> acknowledgedIds() {
            Set<Long> ids = new HashSet<>();
            published.forEach(record -> ids.add(record.id()));
            return ids;
        }

        /** The batch's result, as it will be once marked. */
        OutboxRelay.BatchResult result() {
            return new OutboxRelay.BatchResult(batch.claimed.size(), published.size(),
                    failed.size() + charged(batch.topicsFailed), holdBack.size() + batch.inFlightElsewhere, waiting);
        }

        /**
         * Whether every claimed row was acknowledged: nothing failed, held back, waiting or charged, no producer
         * failure. Only then may the next batch be claimed before this one is marked (its keys are still locked, so
         * the next batch leaves their later rows alone).
         */
        boolean clean() {
            return !published.isEmpty() && published.size() == batch.claimed.size() && failed.isEmpty()
                    && holdBack.isEmpty() && waiting == 0 && batch.topicsFailed.isEmpty()
                    && sent.unavailableTopics().isEmpty() && sent.producerFailure() == null;
        }
    }

    /**
     * Claims due rows, decides which may go (the key-order rules), and hands those to the producer; the failures of
     * topic lookups that ended since the last batch are charged here, in the store's transaction.
     */
    Claimed send(OutboxStore store) throws SQLException {
        return send(store, Set.of());
    }

    /**
     * As {@link #send(OutboxStore)}, with the rows of an earlier batch that were all acknowledged and are marked
     * before this batch is: they hold no key back (they are in the topic already, and if their marking fails this
     * batch is rolled back too, so both are sent again in id order).
     */
    Claimed send(OutboxStore store, Set<Long> acknowledged) throws SQLException {
        Instant now = clock.instant();
        List<TopicFailure> topicsFailed = new ArrayList<>();
        // lookups that ended since the last iteration, of topics whose rows were not claimed meanwhile
        for (Map.Entry<String, TopicMetadata.State> lookup : sender.completedLookups().entrySet()) {
            if (lookup.getValue() instanceof TopicMetadata.Unavailable failed) {
                topicsFailed.add(failTopic(store, lookup.getKey(), failed.error()));
            } else {
                unavailable.available(lookup.getKey());
            }
        }
        Set<String> skipped = unavailable.skipped(now, sender.lookupsUnderWay());
        List<OutboxRecord> claimed = store.claim(now, publishingDelay, batchSize, skipped);
        Map<Long, OutboxRecord> heldBackRecords = new LinkedHashMap<>();
        Map<Long, Instant> holdBack = new LinkedHashMap<>();
        List<OutboxRecord> sends = new ArrayList<>(claimed.size());
        int inFlightElsewhere = 0;
        if (!claimed.isEmpty()) {
            Map<String, Instant> heldKeys = store.heldKeys(now, claimed, acknowledged);
            for (OutboxRecord record : claimed) {
                Instant heldUntil = heldKeys.get(record.orderingKey());
                if (heldUntil == OutboxStore.IN_FLIGHT) {
                    inFlightElsewhere++;
                } else if (heldUntil != null) {
                    holdBack.put(record.id(), heldUntil);
                    heldBackRecords.put(record.id(), record);
                } else {
                    sends.add(record);
                }
            }
        }
        return new Claimed(topicsFailed, claimed, heldBackRecords, holdBack, sends, inFlightElsewhere,
                sender.sendAsync(sends));
    }

    /** Reads the batch's acknowledgements and decides what to mark; charges topics whose lookup failed. */
    Decided decide(OutboxStore store, Claimed batch) throws SQLException {
        OutboxSender.Sent sent = sender.await(batch.sending);
        List<OutboxRecord> sends = batch.sends;
        List<TopicFailure> topicsFailed = batch.topicsFailed;
        Map<Long, Instant> holdBack = batch.holdBack;
        Set<String> underWay = sender.lookupsUnderWay();
        for (OutboxRecord record : sends) {
            if (underWay.contains(record.topic()) || sent.unavailableTopics().containsKey(record.topic())) {
                unavailable.waiting(record.topic(), record.attempts());
            }
        }
        for (Map.Entry<String, Throwable> topic : sent.unavailableTopics().entrySet()) {
            topicsFailed.add(failTopic(store, topic.getKey(), topic.getValue()));
        }
        Instant marked = clock.instant();
        Set<String> chargedTopics = new HashSet<>();
        topicsFailed.forEach(failure -> chargedTopics.add(failure.topic()));

        Map<String, Instant> failedKeys = new HashMap<>();
        List<OutboxRecord> published = new ArrayList<>();
        List<OutboxStore.Failure> failed = new ArrayList<>();
        int waiting = 0;
        for (int i = 0; i < sends.size(); i++) {
            OutboxRecord record = sends.get(i);
            OutboxSender.Outcome outcome = sent.outcomes().get(i);
            String key = record.orderingKey();
            Instant blockedUntil = failedKeys.get(key);
            if (chargedTopics.contains(record.topic())) {
                continue; // charged with its topic, with every other row of it
            } else if (blockedUntil != null) {
                // an earlier row of this key failed: this one must follow it, even if the broker took it already
                holdBack.put(record.id(), blockedUntil);
            } else if (outcome instanceof OutboxSender.Failed failure) {
                Instant retryAt = marked.plus(backoff(record.attempts() + 1));
                failedKeys.put(key, retryAt);
                failed.add(new OutboxStore.Failure(record, failure.error(), retryAt));
            } else if (outcome instanceof OutboxSender.Acknowledged) {
                published.add(record);
            } else if (underWay.contains(record.topic())) {
                waiting++; // left untouched; claimed again once the lookup ended
            }
        }
        // rows of a charged topic keep the retry time they were charged with
        holdBack.keySet().removeIf(id -> batch.heldBackRecords.containsKey(id)
                && chargedTopics.contains(batch.heldBackRecords.get(id).topic()));
        return new Decided(batch, sent, published, failed, holdBack, waiting, marked);
    }

    /** Marks what {@link #decide} found, in the store's transaction (the caller commits). */
    Outcome mark(OutboxStore store, Decided decided) throws SQLException {
        Instant marked = decided.marked;
        store.markPublished(decided.published, marked);
        store.markFailed(decided.failed, marked);
        store.markHeldBack(decided.holdBack, marked);
        Claimed batch = decided.batch;
        OutboxRelay.BatchResult result = decided.result();
        LOG.debug("outbox relay batch {}", result);
        return new Outcome(result, decided.published, decided.failed, batch.topicsFailed,
                decided.sent.producerFailure());
    }

    /** Charges every unpublished row of a topic whose lookup failed, and leaves the topic alone for its back-off. */
    private TopicFailure failTopic(OutboxStore store, String topic, Throwable error) throws SQLException {
        Instant marked = clock.instant();
        Instant retryAt = marked.plus(backoff(unavailable.failed(topic)));
        int rows = store.markTopicFailed(topic, error, retryAt, marked);
        unavailable.backOff(topic, retryAt);
        return new TopicFailure(topic, rows, error);
    }

    private static int charged(List<TopicFailure> topicsFailed) {
        return topicsFailed.stream().mapToInt(TopicFailure::rows).sum();
    }

    Duration backoff(int attempts) {
        int exponent = Math.min(Math.max(attempts - 1, 0), 30);
        Duration delay = backoffBase.multipliedBy(1L << exponent);
        return delay.compareTo(backoffCap) > 0 ? backoffCap : delay;
    }
}
