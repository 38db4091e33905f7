package io.dionysus.runtime.outbox;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The partition a dionysus-rb producer picks, through rdkafka-ruby and librdkafka's default
 * {@code consistent_random} partitioner (reference/dionysus-rb.md §8): CRC-32 (zlib/IEEE) of the key, unsigned,
 * modulo the partition count. rdkafka-ruby passes the partition key's <em>character</em> count as its length, so
 * of a non-ASCII key only that many leading UTF-8 bytes are hashed; an empty partition key goes to partition 0.
 * Public so applications can check where a Ruby producer's message lands.
 */
public final class RubyPartitioner {

    private RubyPartitioner() {
    }

    /** The partition of a message with this partition key. */
    public static int partition(String partitionKey, int partitions) {
        if (partitionKey.isEmpty()) {
            return 0;
        }
        byte[] utf8 = partitionKey.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(utf8.length, partitionKey.codePointCount(0, partitionKey.length()));
        return crc32(utf8, length, partitions);
    }

    /** The partition of a message without partition key: CRC-32 of the whole UTF-8 message key. */
    public static int partitionForMessageKey(String messageKey, int partitions) {
        byte[] utf8 = messageKey.getBytes(StandardCharsets.UTF_8);
        return utf8.length == 0 ? 0 : crc32(utf8, utf8.length, partitions);
    }

    private static int crc32(byte[] bytes, int length, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return (int) (crc.getValue() % partitions);
    }
}
