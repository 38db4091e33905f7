package io.dionysus.runtime.outbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells relays in this JVM that a transaction which wrote outbox rows has committed, so they publish the rows at once
 * instead of at their next poll: the gem's {@code publish_after_commit}, without publishing outside the relay (the
 * rows still go through its claim, order and marking). Each {@link Outbox} has one ({@link Outbox#commitSignal()});
 * a relay built with {@link OutboxRelay.Builder#wakeOn(CommitSignal)} listens to it while it runs. The Hibernate
 * capture and the Spring starter call {@link #committed()} after the commit of every transaction that wrote rows;
 * code that writes rows on its own JDBC connection calls {@link Outbox#committed()} after its {@code commit()}.
 *
 * <p>It is a hint: a missed or extra signal costs at most one poll interval or one empty iteration, never a row.
 * Writers in other processes are found by the relay's poll. Thread-safe; {@link #committed()} never blocks and never
 * throws.
 */
public final class CommitSignal {

    private static final Logger LOG = LoggerFactory.getLogger(CommitSignal.class);

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** A signal no relay listens to yet. */
    public CommitSignal() {
    }

    /** Says that a transaction which wrote outbox rows has committed; wakes every listening relay. */
    public void committed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("a commit listener failed", e);
            }
        }
    }

    /**
     * Calls {@code listener} on every {@link #committed()} until the returned handle is closed. The listener runs in
     * the committing thread: it must be quick and must not block (a relay's only sets a flag and notifies).
     */
    public AutoCloseable listen(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
