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
 * another relay), or failed in this batch. A key whose first claimed row is a retry ({@code attempts > 0}) sends
 * that row alone; its later rows of the batch go in a second send once it was acknowledged, and are held back
 * unsent when it failed again: a row that keeps failing takes no copies of the rows behind it along at its retries.
 * Batches without a retry send once. Rows of topics whose metadata is being looked up, or whose lookup failed
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
    /** Whether iterations that mark rows commit without waiting for the disk (PostgreSQL). */
    private final boolean asynchronousCommit;
    private final UnavailableTopics unavailable = new UnavailableTopics();

    BatchPublisher(int batchSize, Duration publishingDelay, Duration backoffBase, Duration backoffCap, Clock clock,
            OutboxSender sender, boolean asynchronousCommit) {
        this.asynchronousCommit = asynchronousCommit;
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

    Outcome publish(OutboxStore store) throws SQLException {
        Instant now = clock.instant();
        Marks marks = new Marks();
        // lookups that ended since the last iteration, of topics whose rows were not claimed meanwhile
        for (Map.Entry<String, TopicMetadata.State> lookup : sender.completedLookups().entrySet()) {
            if (lookup.getValue() instanceof TopicMetadata.Unavailable failed) {
                marks.topicFailed(failTopic(store, lookup.getKey(), failed.error()));
            } else {
                unavailable.available(lookup.getKey());
            }
        }
        Set<String> skipped = unavailable.skipped(now, sender.lookupsUnderWay());
        List<OutboxRecord> claimed = store.claim(now, publishingDelay, batchSize, skipped, asynchronousCommit);
        if (claimed.isEmpty()) {
            return new Outcome(new OutboxRelay.BatchResult(0, 0, charged(marks.topicsFailed), 0, 0), List.of(),
                    List.of(), marks.topicsFailed, null);
        }
        Map<String, Instant> heldKeys = store.heldKeys(now, claimed);
        List<OutboxRecord> sends = new ArrayList<>(claimed.size());
        // keys whose first row is a retry (it failed before): that row goes alone first; the rows behind it are sent
        // only once it is acknowledged, so a row that keeps failing does not take them along at each of its retries
        Map<String, OutboxRecord> retried = new HashMap<>();
        List<OutboxRecord> behindRetries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int inFlightElsewhere = 0;
        for (OutboxRecord record : claimed) {
            String key = record.orderingKey();
            Instant heldUntil = heldKeys.get(key);
            if (heldUntil == OutboxStore.IN_FLIGHT) {
                inFlightElsewhere++;
            } else if (heldUntil != null) {
                marks.holdBack(record, heldUntil);
            } else if (retried.containsKey(key)) {
                behindRetries.add(record);
            } else {
                if (keys.add(key) && record.attempts() > 0) {
                    retried.put(key, record);
                }
                sends.add(record);
            }
        }
        RuntimeException producerFailure = send(store, sends, marks);
        if (!behindRetries.isEmpty()) {
            List<OutboxRecord> released = new ArrayList<>(behindRetries.size());
            Set<String> underWay = sender.lookupsUnderWay();
            for (OutboxRecord record : behindRetries) {
                String key = record.orderingKey();
                Instant blockedUntil = marks.failedKeys.get(key);
                if (marks.chargedTopics.contains(record.topic())) {
                    continue; // charged with its topic
                } else if (blockedUntil != null) {
                    marks.holdBack(record, blockedUntil); // never sent: no copy while the row before it fails
                } else if (marks.publishedIds.contains(retried.get(key).id()) && producerFailure == null) {
                    released.add(record);
                } else if (underWay.contains(record.topic())) {
                    marks.waiting++; // its retry waits for the metadata: left untouched, as it is
                }
                // otherwise the retry was not sent (the producer failed): left untouched
            }
            if (!released.isEmpty()) {
                producerFailure = send(store, released, marks);
            }
        }
        // rows of a charged topic keep the retry time they were charged with
        marks.holdBack.keySet().removeIf(id -> marks.chargedTopics.contains(marks.heldBackTopics.get(id)));
        store.markPublished(marks.published, marks.marked);
        store.markFailed(marks.failed, marks.marked);
        store.markHeldBack(marks.holdBack, marks.marked);
        OutboxRelay.BatchResult result = new OutboxRelay.BatchResult(claimed.size(), marks.published.size(),
                marks.failed.size() + charged(marks.topicsFailed), marks.holdBack.size() + inFlightElsewhere,
                marks.waiting);
        LOG.debug("outbox relay batch {}", result);
        return new Outcome(result, marks.published, marks.failed, marks.topicsFailed, producerFailure);
    }

    /**
     * Sends rows (in id order) and sorts out what became of each: acknowledged, failed (its key's later rows are
     * held back behind it, even those acknowledged), charged with its topic, or waiting for its topic's metadata.
     * Returns the producer's failure that is no row's fault, or {@code null}.
     */
    private RuntimeException send(OutboxStore store, List<OutboxRecord> sends, Marks marks) throws SQLException {
        OutboxSender.Sent sent = sender.send(sends);
        Set<String> underWay = sender.lookupsUnderWay();
        for (OutboxRecord record : sends) {
            if (underWay.contains(record.topic()) || sent.unavailableTopics().containsKey(record.topic())) {
                unavailable.waiting(record.topic(), record.attempts());
            }
        }
        for (Map.Entry<String, Throwable> topic : sent.unavailableTopics().entrySet()) {
            marks.topicFailed(failTopic(store, topic.getKey(), topic.getValue()));
        }
        Instant marked = clock.instant();
        marks.marked = marked;
        for (int i = 0; i < sends.size(); i++) {
            OutboxRecord record = sends.get(i);
            OutboxSender.Outcome outcome = sent.outcomes().get(i);
            String key = record.orderingKey();
            Instant blockedUntil = marks.failedKeys.get(key);
            if (marks.chargedTopics.contains(record.topic())) {
                continue; // charged with its topic, with every other row of it
            } else if (blockedUntil != null) {
                // an earlier row of this key failed: this one must follow it, even if the broker took it already
                marks.holdBack(record, blockedUntil);
            } else if (outcome instanceof OutboxSender.Failed failure) {
                Instant retryAt = marked.plus(backoff(record.attempts() + 1));
                marks.failedKeys.put(key, retryAt);
                marks.failed.add(new OutboxStore.Failure(record, failure.error(), retryAt));
            } else if (outcome instanceof OutboxSender.Acknowledged) {
                marks.published.add(record);
                marks.publishedIds.add(record.id());
            } else if (underWay.contains(record.topic())) {
                marks.waiting++; // left untouched; claimed again once the lookup ended
            }
        }
        return sent.producerFailure();
    }

    /** What an iteration will mark, gathered over its sends. */
    private static final class Marks {
        final List<OutboxRecord> published = new ArrayList<>();
        final Set<Long> publishedIds = new HashSet<>();
        final List<OutboxStore.Failure> failed = new ArrayList<>();
        /** Keys with a row that failed in this iteration, and that row's retry time. */
        final Map<String, Instant> failedKeys = new HashMap<>();
        /** Rows held behind an earlier row of their key, until when; and their topics. */
        final Map<Long, Instant> holdBack = new LinkedHashMap<>();
        final Map<Long, String> heldBackTopics = new HashMap<>();
        final List<TopicFailure> topicsFailed = new ArrayList<>();
        final Set<String> chargedTopics = new HashSet<>();
        int waiting;
        /** When the last send's outcomes were sorted out: the time rows are marked with. */
        Instant marked;

        void holdBack(OutboxRecord record, Instant until) {
            holdBack.put(record.id(), until);
            heldBackTopics.put(record.id(), record.topic());
        }

        void topicFailed(TopicFailure failure) {
            topicsFailed.add(failure);
            chargedTopics.add(failure.topic());
        }
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
