package io.dionysus.runtime.outbox;

import static io.dionysus.testkit.TestDatabase.Kind.H2;
import static io.dionysus.testkit.TestDatabase.Kind.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dionysus.testkit.AllDatabases;
import io.dionysus.testkit.KafkaExtension;
import io.dionysus.testkit.TestDatabase;
import io.dionysus.testkit.TestKafka;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stopping the relay: while many threads wake it at once (a wake always pending), and from the relay's own thread (a
 * listener that closes it).
 */
@ExtendWith(KafkaExtension.class)
class OutboxRelayCloseTest {

    private static final Duration HANG = Duration.ofSeconds(30);

    /**
     * Four threads call {@code wake()} without pause while a writer commits 200 rows (signalling each commit) and
     * the relay sleeps two minutes when idle: every row is published, and {@code close()}, called while the storm
     * goes on, stops the loop after its in-flight batch; the listener hears started, shutting down and stopped once
     * each, and nothing after stopped.
     */
    @AllDatabases(POSTGRESQL)
    void aWakeStormDoesNotStopTheRelayFromPublishingOrFromClosing(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_wake_storm");
        kafka.createTopic(topic, 1);
        Outbox outbox = Outbox.builder().build();
        List<String> events = new CopyOnWriteArrayList<>();
        OutboxRelayListener listener = new Lifecycle(events);
        OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .idleSleep(Duration.ofMinutes(2), Duration.ofMinutes(2)).wakeOn(outbox.commitSignal())
                .listener(listener).build();
        relay.start();
        AtomicBoolean storming = new AtomicBoolean(true);
        List<Thread> wakers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread waker = new Thread(() -> {
                while (storming.get()) {
                    relay.wake();
                }
            });
            wakers.add(waker);
            waker.start();
        }
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            for (int i = 1; i <= 200; i++) {
                outbox.insert(connection, List.of(new OutboxEntry("User", String.valueOf(i), "user_updated", topic,
                        null, "User:" + (i % 7), String.valueOf(i), null)));
                connection.commit();
                outbox.committed();
            }
        }
        assertEquals(200, kafka.awaitRecords(topic, 200, HANG).size(), "every row published during the storm");

        Thread closing = new Thread(relay::close);
        closing.start();
        closing.join(HANG.toMillis());
        assertFalse(closing.isAlive(), "close() returned while wakes kept coming");
        storming.set(false);
        for (Thread waker : wakers) {
            waker.join();
        }
        relay.wake(); // after close: does nothing
        relay.close(); // idempotent
        assertEquals(List.of("started", "shutting_down", "stopped"), lifecycle(events));
        assertEquals("stopped", events.get(events.size() - 1), "nothing after stopped");
        assertEquals(200, kafka.readAll(topic).size(), "each row once: no failure, no copy");
    }

    /**
     * A listener may close the relay from the relay's own thread (e.g. on a row it was told about): the loop stops
     * after that iteration instead of waiting for itself forever.
     */
    @AllDatabases(POSTGRESQL)
    void aListenerMayCloseTheRelayFromTheRelaysThread(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        String topic = TestKafka.uniqueTopic("relay_close_itself");
        kafka.createTopic(topic, 1);
        AtomicReference<OutboxRelay> relay = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        Lifecycle lifecycle = new Lifecycle(new CopyOnWriteArrayList<>()) {
            @Override
            public void published(OutboxRecord record) {
                relay.get().close();
                closed.countDown();
            }
        };
        relay.set(OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .idleSleep(Duration.ofMillis(5), Duration.ofMillis(20)).listener(lifecycle).build());
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            Outbox.builder().build().insert(connection, List.of(new OutboxEntry("User", "1", "user_created", topic,
                    null, "User:1", "{}", null)));
            connection.commit();
        }
        relay.get().start();
        assertEquals(1, kafka.awaitRecords(topic, 1, HANG).size());
        boolean returned = closed.await(HANG.toMillis(), TimeUnit.MILLISECONDS);
        if (!returned) {
            lifecycle.relayThread.get().interrupt(); // free the thread waiting for itself, so that the test can end
        }
        assertTrue(returned, "close() called by the listener on the relay's thread returned");
        assertTrue(lifecycle.stopped.await(HANG.toMillis(), TimeUnit.MILLISECONDS), "the loop stopped");
        relay.get().close(); // idempotent, from another thread
    }

    /**
     * {@code shuttingDown} is told on the thread that closes the relay; a slow listener there must not hold up the
     * business threads that signal their commits ({@link Outbox#committed()} never blocks, {@link CommitSignal}).
     */
    @AllDatabases(H2)
    void aSlowShuttingDownListenerDoesNotHoldUpCommitSignals(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        Outbox outbox = Outbox.builder().build();
        CountDownLatch inShuttingDown = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .wakeOn(outbox.commitSignal()).listener(new Lifecycle(events) {
                    @Override
                    public void shuttingDown() {
                        super.shuttingDown();
                        inShuttingDown.countDown();
                        try {
                            release.await(HANG.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build();
        relay.start();
        Thread closing = new Thread(relay::close);
        closing.start();
        assertTrue(inShuttingDown.await(HANG.toMillis(), TimeUnit.MILLISECONDS));
        Thread committer = new Thread(() -> {
            outbox.committed();
            relay.wake();
        });
        committer.start();
        committer.join(5_000);
        boolean blocked = committer.isAlive();
        release.countDown();
        closing.join(HANG.toMillis());
        assertFalse(blocked, "a commit signal waited for the shuttingDown listener");
        assertFalse(closing.isAlive());
        assertEquals(List.of("started", "shutting_down", "stopped"), lifecycle(events));
    }

    /**
     * However soon after {@code start()} the relay is closed, and however it ends (closed, or its thread interrupted),
     * the listener hears started, then shutting down, then stopped, once each.
     */
    @AllDatabases(H2)
    void theLifecycleEventsComeInOrderHoweverTheRelayEnds(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        for (int i = 0; i < 20; i++) {
            List<String> events = new CopyOnWriteArrayList<>();
            OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                    .listener(new Lifecycle(events)).build();
            relay.start();
            relay.close();
            assertEquals(List.of("started", "shutting_down", "stopped"), lifecycle(events),
                    "closed at once, round " + i);
        }

        List<String> events = new CopyOnWriteArrayList<>();
        Lifecycle lifecycle = new Lifecycle(events);
        OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .idleSleep(Duration.ofMinutes(2), Duration.ofMinutes(2)).listener(lifecycle).build();
        relay.start();
        while (!events.contains("heartbeat")) {
            Thread.sleep(10); // the first iteration ended: the loop is asleep, or about to be
        }
        lifecycle.relayThread.get().interrupt();
        assertTrue(lifecycle.stopped.await(HANG.toMillis(), TimeUnit.MILLISECONDS),
                "an interrupted relay thread stops");
        relay.close();
        assertEquals(List.of("started", "shutting_down", "stopped"), lifecycle(events), "interrupted");
    }

    /**
     * A {@code shuttingDown} listener that throws an {@link Error}: the error reaches the caller of {@code close()},
     * yet the loop ends and the listener hears stopped; a second {@code close()} returns. (Before, the loop waited
     * forever for shutting down to be told, and every later {@code close()} waited for the loop.)
     */
    @AllDatabases(H2)
    void aShuttingDownListenerThatThrowsAnErrorStillLetsTheRelayStop(TestDatabase db, TestKafka kafka)
            throws Exception {
        OutboxSchema.install(db.dataSource());
        List<String> events = new CopyOnWriteArrayList<>();
        Lifecycle lifecycle = new Lifecycle(events) {
            @Override
            public void shuttingDown() {
                super.shuttingDown();
                throw new AssertionError("a listener's bug");
            }
        };
        OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers()).listener(lifecycle)
                .build();
        relay.start();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread closing = new Thread(() -> {
            try {
                relay.close();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        closing.start();
        closing.join(HANG.toMillis());
        assertFalse(closing.isAlive(), "close() returned");
        assertEquals("a listener's bug", thrown.get() == null ? null : thrown.get().getMessage(),
                "the listener's error reaches the caller of close()");
        assertTrue(lifecycle.stopped.await(10, TimeUnit.SECONDS), "the loop stopped");
        Thread closingAgain = new Thread(relay::close);
        closingAgain.start();
        closingAgain.join(HANG.toMillis());
        assertFalse(closingAgain.isAlive(), "a second close() returned");
        assertEquals(List.of("started", "shutting_down", "stopped"), lifecycle(events));
    }

    /**
     * {@code close()} called while {@code start()} is still registering the commit signals (here the same signal,
     * many times over, so that this takes a while) waits for the loop that {@code start()} begins: when it returns,
     * the listener heard stopped. (Before, it saw no thread yet, and returned while the loop still ran.) And
     * {@code start()} after {@code close()} is refused: a closed relay runs no loop nobody would stop.
     */
    @AllDatabases(H2)
    void closeRacingStartWaitsForTheLoopAndStartAfterCloseIsRefused(TestDatabase db, TestKafka kafka)
            throws Exception {
        OutboxSchema.install(db.dataSource());
        List<String> events = new CopyOnWriteArrayList<>();
        CommitSignal signal = new CommitSignal();
        OutboxRelay.Builder builder = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .listener(new Lifecycle(events) {
                    @Override
                    public void stopped() {
                        try {
                            Thread.sleep(300); // a closer that does not wait for the loop returns meanwhile
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        super.stopped();
                    }
                });
        for (int i = 0; i < 20_000; i++) {
            builder.wakeOn(signal);
        }
        OutboxRelay relay = builder.build();
        Thread starting = new Thread(relay::start);
        starting.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean registering = false;
        while (!registering && starting.isAlive() && System.nanoTime() < deadline) {
            for (StackTraceElement frame : starting.getStackTrace()) {
                registering |= frame.getClassName().equals(CommitSignal.class.getName())
                        && frame.getMethodName().equals("listen");
            }
        }
        assertTrue(registering, "start() was caught registering its commit signals");
        relay.close();
        List<String> atReturn = lifecycle(events);
        starting.join(HANG.toMillis());
        assertEquals(List.of("started", "shutting_down", "stopped"), atReturn, "close() waited for the loop");

        OutboxRelay closedFirst = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .listener(new Lifecycle(events)).build();
        events.clear();
        closedFirst.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                closedFirst::start);
        closedFirst.close();
        assertTrue(events.isEmpty(), "a relay closed before it started tells nothing: " + events);
        assertEquals("relay closed", refused.getMessage());
    }

    /**
     * A {@code shuttingDown} listener that closes the relay again (say, it closes what it holds, the relay among
     * them): that inner {@code close()} returns at once, and the outer one returns once the loop stopped. (Before,
     * the inner call waited for the loop, which waited for the listener: neither ever returned.)
     */
    @AllDatabases(H2)
    void closeFromTheShuttingDownListenerDoesNotWaitForItself(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<OutboxRelay> relay = new AtomicReference<>();
        relay.set(OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .listener(new Lifecycle(events) {
                    @Override
                    public void shuttingDown() {
                        super.shuttingDown();
                        relay.get().close();
                        events.add("closed again");
                    }
                }).build());
        relay.get().start();
        Thread closing = new Thread(relay.get()::close);
        closing.start();
        closing.join(10_000);
        boolean hung = closing.isAlive();
        if (hung) {
            closing.interrupt(); // the inner close() waits for the loop: give up waiting, so that the test ends
            closing.join(HANG.toMillis());
        }
        assertFalse(hung, "close() from the shuttingDown listener returned");
        assertEquals(List.of("started", "shutting_down", "closed again", "stopped"), lifecycle(events));
    }

    /**
     * An interrupted relay thread stops also when a wake is always pending (here the heartbeat listener wakes the
     * relay, as a steady stream of commits would): the loop, which slept no more, never saw the interrupt before.
     */
    @AllDatabases(H2)
    void anInterruptedRelayStopsAlsoWhenAWakeIsAlwaysPending(TestDatabase db, TestKafka kafka) throws Exception {
        OutboxSchema.install(db.dataSource());
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<OutboxRelay> relay = new AtomicReference<>();
        CountDownLatch beating = new CountDownLatch(1);
        Lifecycle lifecycle = new Lifecycle(events) {
            @Override
            public void heartbeat() {
                relay.get().wake();
                beating.countDown();
            }
        };
        relay.set(OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .idleSleep(Duration.ofMinutes(2), Duration.ofMinutes(2)).listener(lifecycle).build());
        relay.get().start();
        assertTrue(beating.await(HANG.toMillis(), TimeUnit.MILLISECONDS));
        lifecycle.relayThread.get().interrupt();
        boolean stoppedByInterrupt = lifecycle.stopped.await(5, TimeUnit.SECONDS);
        relay.get().close();
        assertTrue(stoppedByInterrupt, "the interrupted relay stopped");
        assertEquals(List.of("started", "shutting_down", "stopped"), lifecycle(events));
    }

    /**
     * The thread closing the relay is interrupted while it waits for a slow {@code started} listener: shutting down
     * still comes after started (before, the interrupt let it be told first), and the interrupt is kept.
     */
    @AllDatabases(H2)
    void aCloserInterruptedWhileStartedRunsStillTellsShuttingDownAfterIt(TestDatabase db, TestKafka kafka)
            throws Exception {
        OutboxSchema.install(db.dataSource());
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch inStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OutboxRelay relay = OutboxRelay.builder(db.dataSource(), kafka.bootstrapServers())
                .listener(new Lifecycle(events) {
                    @Override
                    public void started() {
                        inStarted.countDown();
                        try {
                            release.await(HANG.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        super.started();
                    }
                }).build();
        relay.start();
        assertTrue(inStarted.await(HANG.toMillis(), TimeUnit.MILLISECONDS));
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread closing = new Thread(() -> {
            relay.close();
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        closing.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closing.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the closer waits for started
        }
        closing.interrupt();
        closing.join(1_000); // an interrupted closer that does not wait for started tells shutting down meanwhile
        release.countDown();
        closing.join(HANG.toMillis());
        relay.close(); // waits for the loop, if the interrupted closer did not
        assertFalse(closing.isAlive());
        assertTrue(interruptKept.get(), "the closer's interrupt is kept");
        assertEquals(List.of("started", "shutting_down", "stopped"), lifecycle(events));
    }

    /** The events without the heartbeats (the in-flight iteration may end after shutting down). */
    private static List<String> lifecycle(List<String> events) {
        return events.stream().filter(event -> !event.equals("heartbeat")).toList();
    }

    /** Records the lifecycle events (and heartbeats) in order; knows the relay's thread and when it stopped. */
    private static class Lifecycle implements OutboxRelayListener {
        private final List<String> events;
        final AtomicReference<Thread> relayThread = new AtomicReference<>();
        final CountDownLatch stopped = new CountDownLatch(1);

        Lifecycle(List<String> events) {
            this.events = events;
        }

        @Override
        public void started() {
            relayThread.set(Thread.currentThread());
            events.add("started");
        }

        @Override
        public void shuttingDown() {
            events.add("shutting_down");
        }

        @Override
        public void stopped() {
            events.add("stopped");
            stopped.countDown();
        }

        @Override
        public void heartbeat() {
            events.add("heartbeat");
        }
    }
}
