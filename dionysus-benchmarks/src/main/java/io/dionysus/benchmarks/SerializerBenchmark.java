package io.dionysus.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * One record to a JSON string, four ways that all write the same bytes ({@code setUp} checks it): the generated
 * serializer; Jackson databind's {@code ObjectMapper} on the same class as a team would configure it (the baseline,
 * {@link DatabindMappers#stock()}); databind with Dionysus's value formatters plugged in (for reference); and a
 * hand-written jackson-core serializer (the limit).
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
    private final ObjectMapper stockMapper = DatabindMappers.stock();
    private final ObjectMapper formattersMapper = DatabindMappers.withDionysusFormatters();

    @Setup
    public void setUp() throws IOException {
        order = new Order(1234567L, "ORD-2024-0001", Order.Status.PAID, new BigDecimal("140.50"), 3,
                note.equals("html") ? "Leave at the door <please> & ring" : "Leave at the door, please ring",
                Instant.parse("2024-01-16T09:00:00.500Z"), Instant.parse("2024-01-16T09:10:00.999Z"));
        String expected = generated();
        for (String other : new String[] {handWritten(), databind(), databindWithDionysusFormatters()}) {
            if (!expected.equals(other)) {
                throw new IllegalStateException("the serializers disagree:\n" + expected + "\n" + other);
            }
        }
    }

    @Benchmark
    public String generated() {
        return Envelope.record(OrderDionysusSerializer.INSTANCE, order);
    }

    /** The baseline. */
    @Benchmark
    public String databind() throws IOException {
        return stockMapper.writeValueAsString(order);
    }

    /** Databind's machinery alone: the same value formatting as the generated serializer. */
    @Benchmark
    public String databindWithDionysusFormatters() throws IOException {
        return formattersMapper.writeValueAsString(order);
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
