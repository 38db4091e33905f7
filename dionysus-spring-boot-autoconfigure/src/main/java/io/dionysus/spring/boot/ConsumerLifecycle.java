package io.dionysus.spring.boot;

import io.dionysus.runtime.consumer.DionysusConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the consumer with the application context. Stopping lets the batch in progress finish (its transaction and
 * offsets complete) before the clients close; an unfinished batch is re-delivered on the next start.
 */
public final class ConsumerLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLifecycle.class);

    private final DionysusConsumer consumer;
    private final String summary;
    private volatile boolean running;

    ConsumerLifecycle(DionysusConsumer consumer, String summary) {
        this.consumer = consumer;
        this.summary = summary;
    }

    /** The consumer this lifecycle runs. */
    public DionysusConsumer consumer() {
        return consumer;
    }

    @Override
    public synchronized void start() {
        if (!running) {
            consumer.start();
            running = true;
            LOG.info("Dionysus consumer started: {}", summary);
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            running = false;
            consumer.close();
            LOG.info("Dionysus consumer stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return RelayLifecycle.PHASE;
    }
}
