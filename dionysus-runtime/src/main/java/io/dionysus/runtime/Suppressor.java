package io.dionysus.runtime;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Turns publishing off for the current thread while a block runs (the gem's {@code Dionysus::Producer::Suppressor}),
 * e.g. for data migrations, fixtures or tests: the outbox writes no row, and the Hibernate capture records no
 * change, for anything done (for Hibernate: flushed) inside the block. Blocks nest; other threads are unaffected.
 *
 * <pre>{@code
 * Suppressor.suppress(() -> {
 *     importLegacyUsers(entityManager);
 *     entityManager.flush();   // flush inside the block: changes flushed later, at commit, are captured
 * });
 * }</pre>
 *
 * <p>Unlike the gem, which writes the rows and then marks them published without sending, nothing is written.
 */
public final class Suppressor {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Suppressor() {
    }

    /** Runs {@code work} with publishing off on this thread; exceptions pass through. */
    public static void suppress(Runnable work) {
        Objects.requireNonNull(work, "work");
        suppress(() -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} with publishing off on this thread and returns its result; exceptions pass through. */
    public static <T> T suppress(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            return work.get();
        } finally {
            if (--depth[0] == 0) {
                DEPTH.remove();
            }
        }
    }

    /** Whether publishing is off on this thread now. */
    public static boolean isSuppressed() {
        return DEPTH.get()[0] > 0;
    }
}
