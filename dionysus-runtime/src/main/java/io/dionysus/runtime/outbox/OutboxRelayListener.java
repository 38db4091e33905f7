package io.dionysus.runtime.outbox;

/**
 * Hears what the relay does, as the gem's {@code Dionysus.monitor} events {@code outbox_producer.*}: health checks,
 * metrics and alerting hang off it. Every method has a no-op default; they run on the relay thread (but
 * {@link #shuttingDown}, see there), keep them short. {@code started}, {@code shuttingDown} and {@code stopped} come
 * once each, in that order.
 */
public interface OutboxRelayListener {

    /** The gem's {@code outbox_producer.started}: the relay thread runs. */
    default void started() {
    }

    /**
     * The gem's {@code outbox_producer.shutting_down}: a stop was asked; the in-flight batch is finishing. Runs on the
     * thread that called {@link OutboxRelay#close()} (on the relay thread when that thread was interrupted instead);
     * while it runs, the relay stops as it would without it and {@link OutboxRelay#wake()} does not wait for it.
     */
    default void shuttingDown() {
    }

    /** The gem's {@code outbox_producer.stopped}: the relay thread ended. */
    default void stopped() {
    }

    /** The gem's {@code outbox_producer.heartbeat}: one loop iteration ended (touch a health-check file here). */
    default void heartbeat() {
    }

    /** The gem's {@code outbox_producer.published}: the broker acknowledged a row's message and it was marked. */
    default void published(OutboxRecord record) {
    }

    /**
     * The gem's {@code outbox_producer.publishing_failed}: a row's send failed; it keeps {@code attempts},
     * {@code error_class}, {@code error_message} and {@code retry_at}, and later rows of its key wait behind it.
     */
    default void publishingFailed(OutboxRecord record, Throwable error) {
    }

    /**
     * The metadata of a topic could not be had (it does not exist and the brokers do not create topics, it is
     * denied, no broker answers): all its unpublished rows, {@code rows} of them, were charged at once with
     * {@code error} (one attempt each, one retry time), and are left unclaimed until then. Not one of the gem's
     * events; its rows get no {@link #publishingFailed} each.
     */
    default void topicUnavailable(String topic, int rows, Throwable error) {
    }

    /**
     * An iteration committed (whatever it published, possibly nothing): what it did and how long it took, from the
     * claim to the commit. Not one of the gem's events; metrics and health checks use it.
     */
    default void batchCompleted(OutboxRelay.BatchResult result, java.time.Duration duration) {
    }

    /**
     * The gem's {@code outbox_producer.error}: an iteration failed as a whole (e.g. the database is down, or the
     * producer failed for a reason that is no row's fault); the relay goes on after {@code errorSleep}.
     */
    default void error(Throwable error) {
    }

    /** A listener that does nothing. */
    OutboxRelayListener NONE = new OutboxRelayListener() {
    };
}
