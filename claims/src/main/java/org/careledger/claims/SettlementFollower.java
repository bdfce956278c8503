package org.careledger.claims;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.careledger.platform.kafka.OwnTopic;
import org.jboss.logging.Logger;

/**
 * Reads the contract's settlement events once they are {@code confirmations} deep and, for each claim
 * this bridge submitted, publishes the ClaimResponse to the settlements topic, then records the
 * outcome and queues the payer's webhook deliveries in one database transaction. The read position
 * moves only after a range is done, so a crash repeats a publication (same event id) and never skips one.
 */
public final class SettlementFollower {

    private static final Logger LOG = Logger.getLogger(SettlementFollower.class);
    private static final long MAX_RANGE = 5_000;

    private final SettlementContract chain;
    private final ClaimStore store;
    private final ClaimResponses responses;
    private final KafkaProducer<String, byte[]> producer;
    private final OwnTopic topic;
    private final int confirmations;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final String cursor;

    public SettlementFollower(SettlementContract chain, ClaimStore store, ClaimResponses responses, KafkaProducer<String, byte[]> producer,
                              OwnTopic topic, int confirmations, MeterRegistry metrics, Clock clock) {
        this.chain = chain;
        this.store = store;
        this.responses = responses;
        this.producer = producer;
        this.topic = topic;
        this.confirmations = confirmations;
        this.metrics = metrics;
        this.clock = clock;
        this.cursor = "settlements:" + chain.address().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads every confirmed block not read yet; returns how many settlements it recorded. */
    public int step() throws Exception {
        long confirmedHead = chain.headBlock() - confirmations + 1;
        long from = store.cursor(cursor).map(b -> b + 1).orElse(0L);
        int recorded = 0;
        while (from <= confirmedHead) {
            long to = Math.min(confirmedHead, from + MAX_RANGE - 1);
            for (ClaimStore.Settlement s : chain.decisions(from, to)) {
                recorded += record(s) ? 1 : 0;
            }
            store.moveCursor(cursor, to);
            from = to + 1;
        }
        return recorded;
    }

    private boolean record(ClaimStore.Settlement s) throws Exception {
        Optional<ClaimStore.ClaimView> claim = store.find(s.claimId());
        if (claim.isEmpty() || isFinal(claim.get().status())) {
            return false; // another bridge's claim, or one already published
        }
        byte[] payload = responses.build(claim.get(), s, clock.instant());
        topic.ensure();
        producer.send(new ProducerRecord<>(topic.name(), s.claimId(), payload)).get(30, TimeUnit.SECONDS);
        if (!store.settle(s, payload, ClaimResponses.TYPE, clock.instant())) {
            return false;
        }
        metrics.counter("careledger.claims.settled", "outcome", s.status()).increment();
        metrics.counter("careledger.claims.paid.minor-units").increment(s.paid().doubleValue());
        LOG.infof("claim %s %s in block %d", s.claimId(), s.status(), s.blockNumber());
        return true;
    }

    private static boolean isFinal(String status) {
        return ClaimStore.SETTLED.equals(status) || ClaimStore.PARTIALLY_SETTLED.equals(status) || ClaimStore.DENIED.equals(status);
    }
}
