package io.dionysus.runtime.outbox;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * then is {@link Pending} (its rows are left for a later batch, which does not wait for that lookup again), and a
 * lookup that failed is {@link Unavailable} once (its rows fail at once, with the error, and back off).
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

    private final Duration wait;
    private final long maxBlockMs;
    private ExecutorService lookups;
    private final Map<String, CompletableFuture<Integer>> inFlight = new HashMap<>();

    /**
     * @param wait how long one batch waits, in total, for the lookups it starts
     * @param maxBlockMs the producer's {@code max.block.ms}: how long one lookup may take, for error messages
     */
    TopicMetadata(Duration wait, long maxBlockMs) {
        this.wait = wait;
        this.maxBlockMs = maxBlockMs;
    }

    /**
     * The state of each topic, in the order given. Starts a lookup for every topic without one in flight (cheap when
     * the producer knows the topic already) and waits for those at most {@code wait} in total.
     */
    synchronized Map<String, State> lookUp(Producer<?, ?> producer, Collection<String> topics) {
        if (lookups == null) {
            lookups = Executors.newCachedThreadPool(new DaemonThreads());
        }
        Map<String, CompletableFuture<Integer>> started = new LinkedHashMap<>();
        for (String topic : topics) {
            if (!inFlight.containsKey(topic)) {
                CompletableFuture<Integer> lookup = CompletableFuture.supplyAsync(
                        () -> producer.partitionsFor(topic).size(), lookups);
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
            CompletableFuture<Integer> lookup = inFlight.get(topic);
            if (!lookup.isDone()) {
                states.put(topic, PENDING);
                continue;
            }
            inFlight.remove(topic);
            try {
                states.put(topic, new Known(lookup.join()));
            } catch (RuntimeException e) {
                states.put(topic, new Unavailable(explain(topic, e.getCause() != null ? e.getCause() : e)));
            }
        }
        return states;
    }

    /** Forgets lookups in flight, e.g. when their producer is closed. */
    synchronized void reset() {
        inFlight.clear();
    }

    /** Stops the lookup threads; a later {@link #lookUp} starts new ones. */
    @Override
    public synchronized void close() {
        inFlight.clear();
        if (lookups != null) {
            lookups.shutdownNow();
            lookups = null;
        }
    }

    private Throwable explain(String topic, Throwable error) {
        if (error instanceof TimeoutException) {
            return new TimeoutException("no metadata for topic " + topic + " within max.block.ms (" + maxBlockMs
                    + " ms): the topic does not exist and the brokers do not create topics automatically, or no"
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
