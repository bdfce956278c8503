package org.careledger.claims;

import java.util.Optional;
import org.careledger.contracts.claims.ClaimEventReader;
import org.careledger.contracts.claims.ClaimSubmission;
import org.careledger.contracts.claims.InvalidClaim;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.careledger.platform.events.EventSignature;
import org.careledger.platform.kafka.DeadLetters;

/**
 * Takes claim events off the claim topic into the claim store: a valid submission is stored (its
 * settlement then follows from the store, not from Kafka), the same event twice is stored once, and
 * an invalid amount, a wrong currency, a missing participant or a second event for a claim id
 * already submitted go to the dead-letter topic with the field and rule, never a value.
 */
public final class ClaimIntake {

    private final ClaimEventReader reader;
    private final ClaimStore store;
    private final DeadLetters deadLetters;
    private final MeterRegistry metrics;

    private final EventSignature.Verifier verifier;

    public ClaimIntake(ClaimEventReader reader, ClaimStore store, DeadLetters deadLetters, MeterRegistry metrics,
                       EventSignature.Verifier verifier) {
        this.verifier = verifier;
        this.reader = reader;
        this.store = store;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    public void accept(ConsumerRecord<String, byte[]> record) throws Exception {
        if (!verifier.verify(record.value()).authentic()) {
            // not stored, so it can neither be paid nor take a real claim's id; the anchoring loop dead-letters it
            metrics.counter("careledger.claims.unauthenticated").increment();
            return;
        }
        Optional<ClaimSubmission> submission;
        try {
            submission = reader.read(record.value());
        } catch (InvalidClaim invalid) {
            deadLetters.send(record, invalid.reason(), invalid.getMessage());
            return;
        }
        if (submission.isEmpty()) {
            return;
        }
        switch (store.insert(submission.get(), record.topic(), record.partition(), record.offset())) {
            case STORED -> metrics.counter("careledger.claims.received").increment();
            case SAME_EVENT -> metrics.counter("careledger.claims.redelivered").increment();
            case DUPLICATE_CLAIM -> deadLetters.send(record, "claim-duplicate",
                    "Claim.identifier: a claim with this id was already submitted by another event");
        }
    }
}
