package io.dionysus.runtime.outbox;

/**
 * A database error while writing or reading outbox rows. Unchecked so generated publishers can be called from
 * lambdas and framework callbacks; the {@link java.sql.SQLException} is the cause. When it is thrown from a
 * publisher, the caller's transaction must be rolled back, like any other failed statement in it.
 */
public final class OutboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
