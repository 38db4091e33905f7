package io.dionysus.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import io.dionysus.runtime.internal.JsonValues;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor every jackson-core serializer pays before writing a value: a generator over recycled buffers, an empty
 * object, the resulting string. Run with {@code java -jar benchmarks.jar FloorBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FloorBenchmark {

    @Benchmark
    public String emptyObject() throws IOException {
        SegmentedStringWriter out = new SegmentedStringWriter(JsonValues.FACTORY._getBufferRecycler());
        try (JsonGenerator gen = JsonValues.FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeEndObject();
        }
        return out.getAndClear();
    }
}
