package io.dionysus.benchmarks;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dionysus.runtime.Envelope;
import io.dionysus.runtime.internal.JsonValues;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One record to a JSON string: the generated serializer; Jackson databind's {@code ObjectMapper} on the same class,
 * configured for the same bytes (the baseline) and with its defaults (for reference); and a hand-written
 * jackson-core serializer (the limit). {@code setUp} checks that the three same-bytes variants agree.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerializerBenchmark {

    /** {@code plain}: a note with nothing to escape; {@code html}: one with {@code < > &}, escaped as Rails does. */
    @Param({"plain", "html"})
    public String note;

    private Order order;
    private final ObjectMapper mapper = newObjectMapper();
    private final ObjectMapper sameBytesMapper = SameBytesObjectMapper.create();

    @Setup
    public void setUp() throws IOException {
        order = new Order(1234567L, "ORD-2024-0001", Order.Status.PAID, new BigDecimal("140.50"), 3,
                note.equals("html") ? "Leave at the door <please> & ring" : "Leave at the door, please ring",
                Instant.parse("2024-01-16T09:00:00.500Z"), Instant.parse("2024-01-16T09:10:00.999Z"));
        String expected = generated();
        if (!expected.equals(handWritten()) || !expected.equals(databindSameBytes())) {
            throw new IllegalStateException("the serializers disagree:\n" + expected + "\n" + handWritten() + "\n"
                    + databindSameBytes());
        }
    }

    static ObjectMapper newObjectMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper;
    }

    @Benchmark
    public String generated() {
        return Envelope.record(OrderDionysusSerializer.INSTANCE, order);
    }

    /** Databind with its defaults (other bytes: no Ruby escapes, decimals untrimmed); for reference. */
    @Benchmark
    public String databindDefaults() throws IOException {
        return mapper.writeValueAsString(order);
    }

    /** The baseline: databind writing the same bytes as the gem. */
    @Benchmark
    public String databindSameBytes() throws IOException {
        return sameBytesMapper.writeValueAsString(order);
    }

    @Benchmark
    public String handWritten() throws IOException {
        SegmentedStringWriter out = new SegmentedStringWriter(JsonValues.FACTORY._getBufferRecycler());
        try (JsonGenerator gen = JsonValues.FACTORY.createGenerator(out)) {
            HandWrittenOrderSerializer.write(order, gen);
        }
        return out.getAndClear();
    }
}
