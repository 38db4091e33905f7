package io.dionysus.runtime;

/**
 * How a model reached from a changed one (a {@code with} parent, an observer) is read before it is republished. The
 * explicit API republishes what it reaches as it is; the Hibernate capture refreshes it from the flushed rows (with a
 * row lock, so concurrent changes of one aggregate publish in commit order), reloads it when it is detached, and
 * leaves out one deleted in the same transaction.
 */
@FunctionalInterface
public interface Reached {

    /** Republish what is reached, as it is. */
    Reached AS_IS = reached -> reached;

    /**
     * The object to republish in place of {@code reached} (the same one, or a fresh copy of the same model), or
     * {@code null} to leave it out.
     */
    Object resolve(Object reached);
}
