package org.careledger.bridge.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.careledger.bridge.config.LedgerSettings;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.careledger.bridge.chain.AnchorContract;
import org.careledger.bridge.merkle.EventHash;
import org.careledger.bridge.merkle.StandardMerkleTree;
import org.careledger.bridge.proof.ProofStore;
import org.careledger.platform.events.EventSignature;
import org.careledger.platform.kafka.DeadLetters;
import org.careledger.tx.loops.Backoff;
import org.careledger.tx.loops.SupervisedLoops;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * Consumes the event topics and closes batches on size or age. A closed batch is stored with its
 * proofs (status pending) and handed to the {@link BatchTracker}; several batches can be in flight
 * at once, each with its own nonce. Offsets are committed only past batches that are confirmed,
 * and a restart resumes after the last stored batch: the rows in PostgreSQL, not the consumer's
 * memory, say what still has to reach the chain. The loop runs under {@link SupervisedLoops}.
 */
@ApplicationScoped
public class AnchoringLoop {

    private static final Logger LOG = Logger.getLogger(AnchoringLoop.class);
    private static final Duration TRACK_EVERY = Duration.ofMillis(250);
    private static final Duration REORG_WATCH_EVERY = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Quarkus's {@code kafka.*} settings: the bootstrap servers and the client security block. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    LedgerSettings ledger;

    private final AnchorContract chain;
    private final BatchStore batches;
    private final ProofStore proofs;
    private final BatchTracker tracker;
    private final MeterRegistry metrics;
    private final DeadLetters deadLetters;
    private final PendingBatch pending = new PendingBatch();
    private final AtomicInteger unresolved = new AtomicInteger();
    private final SupervisedLoops loops;
    private SupervisedLoops.Loop loop;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private long nextTrackNanos;
    private long nextReorgWatchNanos;
    private final Backoff backoff = new Backoff(MAX_BACKOFF);
    private boolean paused;

    private final EventSignature.Verifier verifier;
    private final ClaimLeaves claimLeaves;

    public AnchoringLoop(AnchorContract chain, BatchStore batches, ProofStore proofs, BatchTracker tracker,
                         MeterRegistry metrics, DeadLetters deadLetters, EventSignature.Verifier verifier, ClaimLeaves claimLeaves,
                         SupervisedLoops loops) {
        this.loops = loops;
        this.verifier = verifier;
        this.claimLeaves = claimLeaves;
        this.chain = chain;
        this.batches = batches;
        this.proofs = proofs;
        this.tracker = tracker;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        metrics.gauge("careledger.ledger.batches.unresolved", unresolved);
    }

    void start(@Observes StartupEvent start) {
        loop = loops.start("anchoring", this::run);
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        loops.stop(loop, () -> {
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }, Duration.ofSeconds(10));
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties props = new Properties();
        props.putAll(kafkaConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, ledger.consumerGroup());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(ledger.batch().maxEvents()));
        // pattern subscriptions see new event topics at the next metadata refresh
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        // a crashed bridge's member holds its partitions until its session expires: keep that short,
        // so a restarted bridge resumes in seconds (the broker's minimum is 6 s)
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * One life of the loop, with a fresh consumer: anything it throws (PostgreSQL down while
     * partitions are assigned, a broken consumer) ends it, and {@link SupervisedLoops} starts it
     * again; the stored batches say where to resume.
     */
    private void run(SupervisedLoops.Loop loop) {
        pending.clear();
        paused = false;
        consumer = newConsumer();
        try {
            consumer.subscribe(Pattern.compile(ledger.topicPattern()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // records not yet in a stored batch are read again by the partitions' next owner
                    metrics.counter("careledger.ledger.rebalances").increment();
                    metrics.counter("careledger.ledger.rebalance.unstored-records").increment(pending.size());
                    pending.clear();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    resumeAfterStoredBatches(partitions);
                }
            });
            while (loop.running()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    pending.add(record);
                }
                LedgerSettings.Batch closeAt = ledger.batch();
                if (!pending.isEmpty() && (pending.size() >= closeAt.maxEvents() || pending.ageMillis() >= closeAt.maxAge().toMillis())) {
                    closePending();
                }
                if (System.nanoTime() - nextTrackNanos >= 0) {
                    track();
                }
                loop.beat();
            }
        } catch (WakeupException e) {
            if (loop.running()) {
                throw e;
            }
        } finally {
            // a stop interrupts a back-off sleep; the consumer must still leave its group cleanly
            Thread.interrupted();
            consumer.close();
        }
    }

    /** Stored batches are the outbox: the consumer starts after them, not at the committed offset. */
    private void resumeAfterStoredBatches(Collection<TopicPartition> partitions) {
        try {
            Map<TopicPartition, Long> ends = batches.storedEnds(ledger.consumerGroup(), partitions);
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                if (end.getValue() > consumer.position(end.getKey())) {
                    consumer.seek(end.getKey(), end.getValue());
                }
            }
        } catch (Exception e) {
            // without the stored ends the consumer would re-batch stored events; stop rather than guess
            throw new IllegalStateException("cannot read the stored batch ranges", e);
        }
    }

    private void closePending() {
        try {
            if (close(pending)) {
                pending.clear();
                sendClosed();
            }
        } catch (Exception e) {
            LOG.errorf("batch %s not stored (%s: %s); it will be read again", pending.offsets(),
                    e.getClass().getSimpleName(), e.getMessage());
            metrics.counter("careledger.ledger.batch.failures").increment();
            pending.firstOffsets().forEach(consumer::seek);
            pending.clear();
            Backoff.sleep(Duration.ofSeconds(2));
        }
    }

    /** The new batch's transaction goes out now; if the chain cannot be reached, the next track retries. */
    private void sendClosed() {
        try {
            tracker.sendClosed();
        } catch (Exception e) {
            nextTrackNanos = System.nanoTime();
        }
    }

    /** Builds the batch's tree and stores it; false when it must wait (nothing new, batches still open). */
    private boolean close(PendingBatch batch) throws Exception {
        List<String> ids = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> malformed = new ArrayList<>();
        Map<ConsumerRecord<String, byte[]>, String> unauthenticated = new LinkedHashMap<>();
        Map<String, ConsumerRecord<String, byte[]>> byId = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch.records()) {
            String id = CloudEventId.of(record.value()).orElse(null);
            EventSignature.Verdict verdict = id == null ? null : verifier.verify(record.value());
            if (id == null) {
                malformed.add(record);
            } else if (!verdict.authentic()) {
                // never anchored, so never paid: only events the routes app signed become evidence
                unauthenticated.put(record, verdict.detail());
            } else if (byId.putIfAbsent(id, record) == null) {
                ids.add(id);
            }
        }
        Set<String> done = proofs.alreadyProven(ids);
        List<String> toAnchor = ids.stream().filter(id -> !done.contains(id)).toList();
        if (toAnchor.isEmpty() && batches.unresolvedCount(ledger.consumerGroup()) > 0) {
            // only repeats or dead letters: their offsets can be committed once no earlier batch is open
            return false;
        }
        for (ConsumerRecord<String, byte[]> record : malformed) {
            deadLetters.send(record, "malformed-event", "the record value is not a JSON CloudEvent with an id");
        }
        for (Map.Entry<ConsumerRecord<String, byte[]>, String> refused : unauthenticated.entrySet()) {
            deadLetters.send(refused.getKey(), "event-unauthenticated", refused.getValue());
        }
        if (toAnchor.isEmpty()) {
            consumer.commitSync(batch.nextOffsets());
            return true;
        }
        List<byte[]> hashes = new ArrayList<>(toAnchor.size());
        for (String id : toAnchor) {
            hashes.add(EventHash.of(byId.get(id).value()));
        }
        // each claim event gets a second leaf, after all events: its claim leaf (ClaimLeaf), what payment is checked against
        List<byte[]> values = new ArrayList<>(hashes);
        List<String> claimEventIds = new ArrayList<>();
        for (int i = 0; i < toAnchor.size(); i++) {
            Optional<byte[]> claimLeaf = claimLeaves.of(byId.get(toAnchor.get(i)), hashes.get(i));
            if (claimLeaf.isPresent()) {
                values.add(claimLeaf.get());
                claimEventIds.add(toAnchor.get(i));
            }
        }
        StandardMerkleTree tree = StandardMerkleTree.of(values);
        String batchId = Numeric.toHexString(batch.batchId(ledger.consumerGroup()));
        List<ProofStore.StoredProof> stored = new ArrayList<>(toAnchor.size());
        for (int i = 0; i < toAnchor.size(); i++) {
            ConsumerRecord<String, byte[]> r = byId.get(toAnchor.get(i));
            stored.add(new ProofStore.StoredProof(toAnchor.get(i), Numeric.toHexString(hashes.get(i)),
                    Numeric.toHexString(tree.leaf(i)), i, tree.proof(i).stream().map(Numeric::toHexString).toList(),
                    r.topic(), r.partition(), r.offset()));
        }
        List<ProofStore.ClaimLeafProof> claimProofs = new ArrayList<>(claimEventIds.size());
        for (int j = 0; j < claimEventIds.size(); j++) {
            int index = toAnchor.size() + j;
            claimProofs.add(new ProofStore.ClaimLeafProof(claimEventIds.get(j), Numeric.toHexString(values.get(index)), index,
                    tree.proof(index).stream().map(Numeric::toHexString).toList()));
        }
        batches.savePending(new BatchStore.ClosedBatch(batchId, Numeric.toHexString(tree.root()), toAnchor.size(),
                batch.offsets(), batch.ranges(), chain.chainId(), chain.contractAddress(), ledger.consumerGroup()), stored, claimProofs);
        LOG.infof("closed batch %s: %d events (%s)", batchId, toAnchor.size(), batch.offsets());
        return true;
    }

    /** Advances open batches, commits past confirmed ones, and pauses intake while too many are open. */
    private void track() {
        try {
            if (tracker.advance()) {
                commitConfirmed();
            }
            if (System.nanoTime() - nextReorgWatchNanos >= 0) {
                if (tracker.watchReorgs() > 0) {
                    nextTrackNanos = System.nanoTime();
                }
                nextReorgWatchNanos = System.nanoTime() + REORG_WATCH_EVERY.toNanos();
            }
            unresolved.set(batches.unresolvedCount(ledger.consumerGroup()));
            flowControl(unresolved.get() >= ledger.maxInFlight());
            backoff.succeeded();
            nextTrackNanos = System.nanoTime() + TRACK_EVERY.toNanos();
        } catch (Exception e) {
            Duration wait = backoff.failed();
            metrics.counter("careledger.ledger.track.failures").increment();
            LOG.warnf("anchoring paused for %d s: %s: %s", wait.toSeconds(), e.getClass().getSimpleName(), e.getMessage());
            flowControl(true);
            nextTrackNanos = System.nanoTime() + wait.toNanos();
        }
    }

    private void commitConfirmed() throws Exception {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, Long> committed = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> current = consumer.committed(assigned);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata offset = current.get(tp);
            // nothing committed yet: the log's start, so that records retention removed are no gap
            committed.put(tp, offset == null ? beginning.getOrDefault(tp, 0L) : offset.offset());
        }
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        batches.committable(ledger.consumerGroup(), committed).forEach((tp, offset) -> next.put(tp, new OffsetAndMetadata(offset)));
        if (!next.isEmpty()) {
            consumer.commitSync(next);
        }
    }

    private void flowControl(boolean pause) {
        if (pause != paused) {
            if (pause) {
                consumer.pause(consumer.assignment());
            } else {
                consumer.resume(consumer.paused());
            }
            paused = pause;
        }
    }

}
