package io.dionysus.benchmarks;

import io.dionysus.annotations.DionysusTopic;
import io.dionysus.annotations.Serialize;
import java.math.BigDecimal;
import java.time.Instant;

/** An 8-attribute model, serialized by the generated serializer, by databind and by hand. */
@DionysusTopic(namespace = "bench", name = "orders")
public class Order {

    public enum Status { PENDING, PAID }

    @Serialize private long id;
    @Serialize private String number;
    @Serialize private Status status;
    @Serialize private BigDecimal total;
    @Serialize private int quantity;
    @Serialize private String note;
    @Serialize private Instant createdAt;
    @Serialize private Instant updatedAt;

    public Order() {
    }

    public Order(long id, String number, Status status, BigDecimal total, int quantity, String note,
            Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.number = number;
        this.status = status;
        this.total = total;
        this.quantity = quantity;
        this.note = note;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    public long getId() {
        return id;
    }

    public String getNumber() {
        return number;
    }

    public Status getStatus() {
        return status;
    }

    public BigDecimal getTotal() {
        return total;
    }

    public int getQuantity() {
        return quantity;
    }

    public String getNote() {
        return note;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** For databind only, so its bytes match: the gem's always-present, here empty, links. */
    public java.util.Map<String, Object> getLinks() {
        return java.util.Map.of();
    }
}
