package io.dionysus.example.consumer;

/** Who a reservation is for: the gem's polymorphic {@code belongs_to :guest}, held by several models. */
public interface Guest {
}
