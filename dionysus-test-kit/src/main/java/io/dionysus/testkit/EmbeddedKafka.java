package io.dionysus.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) running inside the JVM on 127.0.0.1, with a
 * temporary log directory. Starts in about two seconds. Used by the tests and by the demo's embedded defaults.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final Path logDir;
    private final int port;

    private EmbeddedKafka(KafkaRaftServer server, Path logDir, int port) {
        this.server = server;
        this.logDir = logDir;
        this.port = port;
    }

    /** Starts a broker on free ports. */
    public static EmbeddedKafka start() {
        return start(0);
    }

    /**
     * Starts a broker whose client listener is on the given port (0 for any free one). A fixed port lets a test
     * stop a broker and bring a new one up where clients already point.
     */
    public static EmbeddedKafka start(int port) {
        return start(port, Map.of());
    }

    /**
     * Starts a broker on free ports with some broker settings changed, e.g. {@code auto.create.topics.enable=false}
     * to see how clients cope with a topic that does not exist, or {@code message.max.bytes}.
     *
     * <pre>{@code
     * try (EmbeddedKafka strict = EmbeddedKafka.start(Map.of("auto.create.topics.enable", "false"))) { ... }
     * }</pre>
     */
    public static EmbeddedKafka start(Map<String, String> brokerProperties) {
        return start(0, brokerProperties);
    }

    /** As {@link #start(Map)}, with the client listener on the given port (0 for any free one). */
    public static EmbeddedKafka start(int port, Map<String, String> brokerProperties) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            int clientPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            Path dir = null;
            try {
                dir = Files.createTempDirectory("dionysus-kafka-");
                return startOnce(dir, clientPort, controllerPort, brokerProperties);
            } catch (IOException e) {
                deleteQuietly(dir);
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                deleteQuietly(dir);
                last = e;
                if (!isBindFailure(e)) {
                    throw e;
                }
                sleep(port == 0 ? 50 : 500);
            }
        }
        throw last;
    }

    private static EmbeddedKafka startOnce(Path dir, int clientPort, int controllerPort,
            Map<String, String> brokerProperties) throws IOException {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dir.resolve("logs").toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "true");
        props.put("log.flush.interval.messages", "1000000");
        props.putAll(brokerProperties);
        Path config = dir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            props.store(out, "dionysus embedded kafka");
        }
        ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
        int code = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
            config.toString()}, new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("formatting the Kafka log dir failed: "
                    + formatOutput.toString(StandardCharsets.UTF_8));
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException ignored) {
                // the original failure matters
            }
            throw e;
        }
        return new EmbeddedKafka(server, dir, clientPort);
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The client listener's port. */
    public int port() {
        return port;
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteQuietly(logDir);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp dir
        }
    }
}
