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

    Outcome publish(OutboxStore store) throws SQLException {
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
        if (claimed.isEmpty()) {
            return new Outcome(new OutboxRelay.BatchResult(0, 0, charged(topicsFailed), 0, 0), List.of(), List.of(),
                    topicsFailed, null);
        }
        Map<String, Instant> heldKeys = store.heldKeys(now, claimed);
        Map<Long, OutboxRecord> heldBackRecords = new LinkedHashMap<>();
        Map<Long, Instant> holdBack = new LinkedHashMap<>();
        List<OutboxRecord> sends = new ArrayList<>(claimed.size());
        int inFlightElsewhere = 0;
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
        OutboxSender.Sent sent = sender.send(sends);
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
        holdBack.keySet().removeIf(id -> heldBackRecords.containsKey(id)
                && chargedTopics.contains(heldBackRecords.get(id).topic()));
        store.markPublished(published, marked);
        store.markFailed(failed, marked);
        store.markHeldBack(holdBack, marked);
        OutboxRelay.BatchResult result = new OutboxRelay.BatchResult(claimed.size(), published.size(),
                failed.size() + charged(topicsFailed), holdBack.size() + inFlightElsewhere, waiting);
        LOG.debug("outbox relay batch {}", result);
        return new Outcome(result, published, failed, topicsFailed, sent.producerFailure());
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
