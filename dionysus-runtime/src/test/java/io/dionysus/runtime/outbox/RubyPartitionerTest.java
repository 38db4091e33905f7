package io.dionysus.runtime.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dionysus.runtime.internal.ModelSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vectors computed independently with Python's {@code zlib.crc32} over the first n UTF-8 bytes of the key, n its
 * character count (as rdkafka-ruby passes it), modulo the partition count.
 */
class RubyPartitionerTest {

    @ParameterizedTest(name = "{0} over {1} partitions -> {2}")
    @CsvSource({
        "123123, 12, 2",
        "1, 3, 2",
        "42, 7, 3",
        "User:1, 5, 2",
        "acct-42, 3, 1",
        "Zoë, 10, 6",
        "日本, 7, 2",
        "😀x, 4, 3",
        "Booking:1, 64, 7",
        "account_9, 1, 0",
    })
    void partitionsLikeLibrdkafkaConsistentRandomAsRdkafkaRubyCallsIt(String key, int partitions, int expected) {
        assertEquals(expected, RubyPartitioner.partition(key, partitions));
    }

    @Test
    void theWholeMessageKeyIsHashedWithoutPartitionKeyAndEmptyKeysGoToZero() {
        assertEquals(8, RubyPartitioner.partitionForMessageKey("Zoë", 10), "all 4 UTF-8 bytes");
        assertEquals(0, RubyPartitioner.partitionForMessageKey("日本", 7));
        assertEquals(0, RubyPartitioner.partition("", 12));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(value = {
        "42, 42",
        "42abc, 42",
        "  -7x, -7",
        "abc, 0",
        "1_000, 1000",
        "7c9e6679-7425-40de-944b-e07fc1f90ae7, 7",
        "NULL, 0",
    }, nullValues = "NULL")
    void attributePartitionKeysAreCoercedAsRubysToIToS(String value, String expected) {
        assertEquals(expected, ModelSupport.rubyKeyText(value));
    }

    @Test
    void numbersKeepTheirDigits() {
        assertEquals("12", ModelSupport.rubyKeyText(12L));
        assertEquals("3", ModelSupport.rubyKeyText(new java.math.BigDecimal("3.9")));
    }
}
