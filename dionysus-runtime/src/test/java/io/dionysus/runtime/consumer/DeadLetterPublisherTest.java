package io.dionysus.runtime.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The dead-letter publisher's rules that need no broker (its sending is tested end to end by the consumer tests). */
class DeadLetterPublisherTest {

    @Test
    void onlyRefusalsOfTheRecordItselfAreAnsweredWithAReducedDeadLetter() {
        assertTrue(DeadLetterPublisher.cannotBeRetried(new RecordTooLargeException("too large")));
        assertTrue(DeadLetterPublisher.cannotBeRetried(new InvalidRecordException("invalid")));
        assertFalse(DeadLetterPublisher.cannotBeRetried(new TimeoutException("later")));
        assertFalse(DeadLetterPublisher.cannotBeRetried(new NotEnoughReplicasException("later")));
        assertFalse(DeadLetterPublisher.cannotBeRetried(new TopicAuthorizationException("after an ACL change")));
    }

    @Test
    void aRecordWithoutKeyGetsItsCoordinatesAsTheDeadLettersKey() {
        assertEquals("rentals-3-42", DeadLetterPublisher.key(new ConsumerRecord<>("rentals", 3, 42L, null, new byte[0])));
        assertEquals("Rental:1", DeadLetterPublisher.key(new ConsumerRecord<>("rentals", 3, 42L, "Rental:1",
                new byte[0])));
    }

    @Test
    void longErrorMessagesAreCutAndSaySo() {
        String message = "e".repeat(DeadLetterPublisher.MAX_ERROR_MESSAGE_CHARS);
        assertEquals(message, DeadLetterPublisher.limited(message));
        String cut = DeadLetterPublisher.limited(message + "12345");
        assertEquals(message + "… (5 more characters)", cut);
    }
}
