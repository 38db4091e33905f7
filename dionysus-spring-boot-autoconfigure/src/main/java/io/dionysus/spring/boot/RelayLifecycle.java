package io.dionysus.spring.boot;

import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxRetention;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the relay (and the retention of published rows) with the application context: started after the context
 * is refreshed, stopped before the data source closes, after the web server stopped taking requests (a late phase
 * stops early, so this phase is below the web server's). Stopping finishes the in-flight batch: every committed row
 * is published before the stop or on the next start.
 */
public final class RelayLifecycle implements SmartLifecycle {

    /** Below the web server's graceful-shutdown phase, so requests end before the relay stops. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final Logger LOG = LoggerFactory.getLogger(RelayLifecycle.class);

    private final OutboxRelay relay;
    private final OutboxRetention retention;
    private final long retentionIntervalMillis;
    private final String summary;
    private ScheduledExecutorService retentionTimer;
    private volatile boolean running;

    RelayLifecycle(OutboxRelay relay, OutboxRetention retention, long retentionIntervalMillis, String summary) {
        this.relay = relay;
        this.retention = retention;
        this.retentionIntervalMillis = retentionIntervalMillis;
        this.summary = summary;
    }

    /** What the start-up line logs: brokers, models, the settings in effect. */
    String summary() {
        return summary;
    }

    /** The relay this lifecycle runs. */
    public OutboxRelay relay() {
        return relay;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        relay.start();
        try {
            if (retention != null) {
                retentionTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "dionysus-outbox-retention");
                    thread.setDaemon(true);
                    return thread;
                });
                retentionTimer.scheduleWithFixedDelay(this::deleteExpired, retentionIntervalMillis,
                        retentionIntervalMillis, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            // a failed start leaves no relay thread behind (the context's refresh fails and stops nothing)
            if (retentionTimer != null) {
                retentionTimer.shutdownNow();
            }
            relay.close();
            throw e;
        }
        running = true;
        LOG.info("Dionysus relay started: {}", summary);
    }

    private void deleteExpired() {
        try {
            long deleted = retention.deleteExpired();
            if (deleted > 0) {
                LOG.info("Dionysus retention deleted {} published outbox rows older than {}", deleted,
                        retention.keepPublished());
            }
        } catch (RuntimeException e) {
            LOG.warn("Dionysus retention failed; it runs again in {} ms", retentionIntervalMillis, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        if (retentionTimer != null) {
            retentionTimer.shutdownNow();
        }
        relay.close();
        LOG.info("Dionysus relay stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
