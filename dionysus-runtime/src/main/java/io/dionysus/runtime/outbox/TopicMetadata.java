package io.dionysus.runtime.outbox;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The partition counts of the topics a batch sends to, learnt from the producer's metadata without letting one topic
 * stall the others.
 *
 * <p>{@code KafkaProducer.send} and {@code partitionsFor} block the calling thread for up to {@code max.block.ms}
 * while a topic's metadata cannot be had (a topic that does not exist on brokers that do not create topics, an
 * unreachable broker, a denied topic). Sent one row after another, one such topic would block the relay thread
 * once per row and hold up every other topic. Here each topic is looked up on a background thread, all of a batch's
 * topics at once, and a batch waits for the lookups it started at most {@code wait} in total: a topic still unknown
 * then is {@link Pending}, and its lookup goes on in the background ({@link #underWay()}, so that the relay claims
 * none of its rows meanwhile); a lookup that failed is {@link Unavailable}, reported once, by the batch waiting for
 * it or by {@link #completed()}.
 *
 * <p>A lookup lasts up to {@code max.block.ms}, and at least {@code wait}: with a {@code max.block.ms} shorter than a
 * round trip to the broker (even 0), {@code partitionsFor} gives up before the answer came, so it is asked again
 * until then.
 *
 * <p>A topic's partition count, once learnt, is reused without a lookup for {@link #FRESH_FOR} (one second), so that
 * a busy relay does not hand a lookup to another thread and wait for it at every batch (a thread handoff each way
 * on the path from commit to broker). The producer's own metadata is older than that anyway
 * ({@code metadata.max.age.ms}, 5 minutes by default): a topic given more partitions is seen by Kafka's client only
 * at its next refresh, so the second adds nothing a relay could notice. A send that fails (a topic deleted
 * meanwhile, its metadata timing out) closes the producer, and {@link #reset} forgets every learnt count.
 */
final class TopicMetadata implements AutoCloseable {

    /** What is known of a topic's metadata. */
    sealed interface State permits Known, Pending, Unavailable {
    }

    /** The topic has {@code partitions} partitions. */
    record Known(int partitions) implements State {
    }

    /** A lookup is under way; nothing is known yet. */
    record Pending() implements State {
    }

    /** The lookup failed; {@code error} says why. */
    record Unavailable(Throwable error) implements State {
    }

    private static final State PENDING = new Pending();
    /** Pause before asking again for metadata the producer gave up on before its lookup's time was over. */
    private static final long ASK_AGAIN_MILLIS = 50;

    private final Duration wait;
    private final long maxBlockMs;
    private final long lookupMillis;
    private ExecutorService lookups;
    private final Map<String, CompletableFuture<Integer>> inFlight = new HashMap<>();
    /** Topics whose partition count was learnt, with when ({@link System#nanoTime()}). */
    private final Map<String, Learnt> learnt = new HashMap<>();

    /** How long a learnt partition count is used without asking the producer again: one second. */
    static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private record Learnt(Known state, long at) {
    }

    private final long freshNanos;

    /**
     * @param wait how long one batch waits, in total, for the lookups it starts
     * @param maxBlockMs the producer's {@code max.block.ms}: how long one lookup may take (at least {@code wait})
     */
    TopicMetadata(Duration wait, long maxBlockMs) {
        this(wait, maxBlockMs, FRESH_FOR);
    }

    /** As above, learnt counts reused for {@code freshFor} (tests). */
    TopicMetadata(Duration wait, long maxBlockMs, Duration freshFor) {
        this.freshNanos = freshFor.toNanos();
        this.wait = wait;
        this.maxBlockMs = maxBlockMs;
        this.lookupMillis = Math.max(maxBlockMs, wait.toMillis());
    }

    /**
     * The state of each topic, in the order given. A topic learnt less than {@link #FRESH_FOR} ago is known without
     * a lookup; for every other topic without a lookup in flight one is started (cheap when the producer knows the
     * topic already), and the call waits for those at most {@code wait} in total.
     */
    synchronized Map<String, State> lookUp(Producer<?, ?> producer, Collection<String> topics) {
        long now = System.nanoTime();
        Map<String, CompletableFuture<Integer>> started = new LinkedHashMap<>();
        for (String topic : topics) {
            if (fresh(topic, now) == null && !inFlight.containsKey(topic)) {
                if (lookups == null) {
                    lookups = Executors.newCachedThreadPool(new DaemonThreads());
                }
                CompletableFuture<Integer> lookup = CompletableFuture.supplyAsync(() -> partitions(producer, topic),
                        lookups);
                inFlight.put(topic, lookup);
                started.put(topic, lookup);
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (CompletableFuture<Integer> lookup : started.values()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                lookup.get(left, TimeUnit.NANOSECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // read below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Map<String, State> states = new LinkedHashMap<>();
        for (String topic : topics) {
            Known known = fresh(topic, now);
            CompletableFuture<Integer> lookup = inFlight.get(topic);
            if (known != null && lookup == null) {
                states.put(topic, known);
            } else if (lookup.isDone()) {
                inFlight.remove(topic);
                states.put(topic, stateOf(topic, lookup));
            } else {
                states.put(topic, PENDING);
            }
        }
        return states;
    }

    /** The lookups that ended since they were last asked for, each reported once: known or unavailable. */
    synchronized Map<String, State> completed() {
        Map<String, State> done = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, CompletableFuture<Integer>>> it = inFlight.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, CompletableFuture<Integer>> lookup = it.next();
            if (lookup.getValue().isDone()) {
                it.remove();
                done.put(lookup.getKey(), stateOf(lookup.getKey(), lookup.getValue()));
            }
        }
        return done;
    }

    /** The topics whose lookup has not ended yet. */
    synchronized Set<String> underWay() {
        return Set.copyOf(inFlight.keySet());
    }

    /**
     * Forgets lookups in flight and learnt partition counts, e.g. when their producer is closed: a new producer knows
     * no topic, and a send to one it cannot learn would block the relay thread, so every topic is looked up again.
     */
    synchronized void reset() {
        inFlight.clear();
        learnt.clear();
    }

    /** Stops the lookup threads; a later {@link #lookUp} starts new ones. */
    @Override
    public synchronized void close() {
        reset();
        if (lookups != null) {
            lookups.shutdownNow();
            lookups = null;
        }
    }

    private int partitions(Producer<?, ?> producer, String topic) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lookupMillis);
        while (true) {
            try {
                return producer.partitionsFor(topic).size();
            } catch (TimeoutException e) {
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ASK_AGAIN_MILLIS) >= deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(ASK_AGAIN_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The topic's partition count if learnt less than {@link #FRESH_FOR} before {@code now}, else {@code null}. */
    private Known fresh(String topic, long now) {
        Learnt known = learnt.get(topic);
        return known != null && now - known.at() < freshNanos ? known.state() : null;
    }

    private State stateOf(String topic, CompletableFuture<Integer> lookup) {
        try {
            Known known = new Known(lookup.join());
            learnt.put(topic, new Learnt(known, System.nanoTime()));
            return known;
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return new Unavailable(explain(topic, e.getCause() != null ? e.getCause() : e));
        }
    }

    private Throwable explain(String topic, Throwable error) {
        if (error instanceof TimeoutException) {
            return new TimeoutException("no metadata for topic " + topic + " within max.block.ms (" + maxBlockMs
                    + " ms" + (lookupMillis > maxBlockMs ? ", asked again for " + lookupMillis + " ms" : "")
                    + "): the topic does not exist and the brokers do not create topics automatically, or no"
                    + " broker is reachable (" + error.getMessage() + ")", error);
        }
        return error;
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "dionysus-outbox-relay-metadata-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
