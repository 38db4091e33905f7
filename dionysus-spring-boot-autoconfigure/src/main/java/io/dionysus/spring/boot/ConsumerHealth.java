package io.dionysus.spring.boot;

import io.dionysus.runtime.consumer.DionysusConsumer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The consumer's health, independent of the Actuator version: its loop runs and polled within {@code staleAfter}
 * (it keeps polling while it waits out a failed batch, so a database outage shows in the error counts, not here).
 * Details: {@code running}, {@code assignedPartitions}, {@code lastPollAgeMillis}, {@code lag}.
 */
public final class ConsumerHealth {

    private final Supplier<DionysusConsumer.Status> status;
    private final Duration staleAfter;
    private final Clock clock;

    ConsumerHealth(Supplier<DionysusConsumer.Status> status, Duration staleAfter, Clock clock) {
        this.status = status;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /** The health now. */
    public RelayHealth.Report check() {
        DionysusConsumer.Status now = status.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", now.running());
        details.put("assignedPartitions", now.assignment().size());
        Long age = now.lastPoll() == null ? null : Duration.between(now.lastPoll(), clock.instant()).toMillis();
        details.put("lastPollAgeMillis", age);
        details.put("lag", now.lag());
        boolean up = now.running() && age != null && age <= staleAfter.toMillis();
        if (!up) {
            details.put("reason", !now.running() ? "the consumer loop is not running (see the log for its error)"
                    : "no poll for more than " + Settings.text(staleAfter));
        }
        return new RelayHealth.Report(up, details);
    }
}
