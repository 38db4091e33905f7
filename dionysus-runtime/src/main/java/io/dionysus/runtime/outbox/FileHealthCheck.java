package io.dionysus.runtime.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The gem's outbox worker health check (P30), for liveness and readiness probes: a file touched when the relay
 * starts and after every iteration, removed when it stops. Public because deployments wire it as a relay listener
 * and run {@link #main} as the probe.
 *
 * <pre>{@code
 * OutboxRelay.builder(dataSource, servers).listener(FileHealthCheck.atDefaultPath()).build();
 * // probe: java -cp … io.dionysus.runtime.outbox.FileHealthCheck /tmp/__dionysus_outbox_worker__running__$HOSTNAME 120
 * }</pre>
 */
public final class FileHealthCheck implements OutboxRelayListener {

    private final Path file;
    private final Clock clock;

    public FileHealthCheck(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The gem's file, {@code /tmp/__dionysus_outbox_worker__running__<HOSTNAME>}. */
    public static FileHealthCheck atDefaultPath() {
        String host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "localhost");
        return new FileHealthCheck(Path.of("/tmp", "__dionysus_outbox_worker__running__" + host), Clock.systemUTC());
    }

    /** The file this check touches. */
    public Path file() {
        return file;
    }

    @Override
    public void started() {
        touch();
    }

    @Override
    public void heartbeat() {
        touch();
    }

    @Override
    public void stopped() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void touch() {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the file exists and was touched within {@code maxAge} (the gem's probe allows 120 s). */
    public static boolean isHealthy(Path file, Duration maxAge, Clock clock) {
        try {
            return Files.exists(file)
                    && Files.getLastModifiedTime(file).toInstant().isAfter(clock.instant().minus(maxAge));
        } catch (IOException e) {
            return false;
        }
    }

    /** The probe: {@code FileHealthCheck <file> [max age in seconds, default 120]}; exits 0 when healthy, else 1. */
    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : atDefaultPath().file().toString());
        Duration maxAge = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 120);
        System.exit(isHealthy(file, maxAge, Clock.systemUTC()) ? 0 : 1);
    }
}
