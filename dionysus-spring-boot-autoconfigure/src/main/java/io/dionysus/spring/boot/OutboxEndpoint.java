package io.dionysus.spring.boot;

import io.dionysus.runtime.outbox.OutboxInspector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code outbox} Actuator endpoint: {@code GET /actuator/outbox} lists the unpublished rows per topic and the
 * failed rows with the rows of their key held behind them (the stalled keys); {@code POST /actuator/outbox/{id}}
 * with {@code {"action":"retry"}} makes a failed row due now, with {@code {"action":"skip"}} skips it (never
 * published, kept for audit, its key released). Expose it as any endpoint ({@code management.endpoints.web.exposure
 * .include=health,outbox}); secure it as your other write endpoints.
 */
@Endpoint(id = "outbox")
public class OutboxEndpoint {

    private final OutboxInspector inspector;
    private final int limit;

    OutboxEndpoint(OutboxInspector inspector, int limit) {
        this.inspector = inspector;
        this.limit = limit;
    }

    /** {@code {"topics":[…], "failed":[…]}}, at most 100 failed rows (the oldest). */
    @ReadOperation
    public Map<String, Object> outbox() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("topics", inspector.topics());
        result.put("failed", inspector.failedRows(limit));
        return result;
    }

    /**
     * Retries or skips one unpublished row.
     *
     * @param id the row id
     * @param action {@code retry} or {@code skip}
     * @return {@code {"id":…, "action":…, "done":true|false}} ({@code false}: no unpublished row of that id)
     * @throws org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException for another action (HTTP
     *     400)
     */
    @WriteOperation
    public Map<String, Object> act(@Selector long id, String action) {
        boolean done = switch (action) {
            case "retry" -> inspector.retry(id);
            case "skip" -> inspector.skip(id);
            default -> throw new org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException(
                    "action must be retry or skip, not " + action, "unknown action");
        };
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", id);
        result.put("action", action);
        result.put("done", done);
        return result;
    }
}
