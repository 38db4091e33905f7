package io.dionysus.spring.boot;

import io.dionysus.runtime.outbox.OutboxRelay;
import io.dionysus.runtime.outbox.OutboxRelayListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The relay's health, independent of the Actuator version: the loop runs, its last successful iteration is recent
 * (within {@code staleAfter}), and the broker answers a cluster description within {@code brokerTimeout}. The
 * Actuator health indicators of Boot 3 and 4 only translate it.
 */
public final class RelayHealth implements OutboxRelayListener, AutoCloseable {

    private final String bootstrapServers;
    private final Duration staleAfter;
    private final Duration brokerTimeout;
    private final Clock clock;
    private volatile boolean running;
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private Admin admin;

    RelayHealth(String bootstrapServers, Duration staleAfter, Duration brokerTimeout, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.staleAfter = staleAfter;
        this.brokerTimeout = brokerTimeout;
        this.clock = clock;
    }

    /**
     * The health now.
     *
     * @param up whether the relay can publish
     * @param details what was found: {@code running}, {@code lastIterationAge} (ms), {@code brokerReachable},
     *     {@code lastError}
     */
    public record Report(boolean up, Map<String, Object> details) {
    }

    /** Checks the loop and the broker (a cluster description, at most {@code brokerTimeout}). */
    public Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", running);
        Instant success = lastSuccess;
        Long age = success == null ? null : Duration.between(success, clock.instant()).toMillis();
        details.put("lastIterationAgeMillis", age);
        boolean fresh = age != null && age <= staleAfter.toMillis();
        String brokerError = brokerError();
        details.put("brokerReachable", brokerError == null);
        if (brokerError != null) {
            details.put("brokerError", brokerError);
        }
        if (lastError != null) {
            details.put("lastError", lastError);
        }
        return new Report(running && fresh && brokerError == null, details);
    }

    private synchronized String brokerError() {
        try {
            if (admin == null) {
                Properties properties = new Properties();
                properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) brokerTimeout.toMillis());
                properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) brokerTimeout.toMillis());
                admin = Admin.create(properties);
            }
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) brokerTimeout.toMillis()))
                    .nodes().get(brokerTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    @Override
    public void started() {
        running = true;
    }

    @Override
    public void stopped() {
        running = false;
    }

    @Override
    public void batchCompleted(OutboxRelay.BatchResult result, Duration duration) {
        lastSuccess = clock.instant();
        lastError = null;
    }

    @Override
    public void error(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = error; cause != null && text.length() < 1000; cause = cause.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        lastError = text.toString();
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
