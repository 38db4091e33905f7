package io.dionysus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

class ModelFactoryGenerationTest {

    @Test
    void writesTheModelFactoryAndRegistersItWithTheConsumedTopics() {
        Compilation compilation = GoldenFiles.compile(GoldenFiles.fixture("factory/all_types/SyncedBooking.java"));
        assertThat(compilation).succeededWithoutWarnings();
        GoldenFiles.assertGolden(compilation, "factory/all_types", "test.local.SyncedBookingDionysusModelFactory");
        GoldenFiles.assertGolden(compilation, "factory/all_types", "test.local.SyncedBookingDionysusRegistry");
    }
}
