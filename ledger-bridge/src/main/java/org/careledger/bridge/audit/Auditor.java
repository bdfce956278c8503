package org.careledger.bridge.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.careledger.bridge.config.LedgerSettings;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.careledger.bridge.batch.CloudEventId;
import org.careledger.bridge.chain.AnchorContract;
import org.careledger.bridge.merkle.EventHash;
import org.careledger.bridge.merkle.StandardMerkleTree;
import org.careledger.bridge.proof.ProofStore.AuditRow;
import org.careledger.bridge.proof.ProofStore;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * Re-reads a random sample of anchored events from Kafka on a schedule and checks each link of the
 * chain of evidence: the record still hashes to the stored event hash, the stored leaf is that
 * hash's leaf, the stored proof leads to the stored root, and the contract holds that root for the
 * batch. A broken link is counted ({@code careledger.ledger.tamper}), turns the readiness check
 * {@code ledger-integrity} DOWN until an audit passes, and is published on the tamper topic.
 */
@ApplicationScoped
public class Auditor {

    private static final Logger LOG = Logger.getLogger(Auditor.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** Quarkus's {@code kafka.*} settings: the bootstrap servers and the client security block. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    LedgerSettings ledger;

    private final ProofStore proofs;
    private final AnchorContract chain;
    private final TamperAlerts alerts;
    private final MeterRegistry metrics;
    private volatile Report last = new Report(Instant.EPOCH, 0, List.of());
    private ScheduledExecutorService schedule;

    public Auditor(ProofStore proofs, AnchorContract chain, TamperAlerts alerts, MeterRegistry metrics) {
        this.proofs = proofs;
        this.chain = chain;
        this.alerts = alerts;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent start) {
        long intervalMillis = ledger.audit().interval().toMillis();
        if (intervalMillis <= 0 || ledger.audit().sampleRate() <= 0) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "careledger-auditor"));
        schedule.scheduleWithFixedDelay(this::auditQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    /** The last completed audit. */
    public Report last() {
        return last;
    }

    private void auditQuietly() {
        try {
            audit();
        } catch (Exception e) {
            metrics.counter("careledger.ledger.audit.failures").increment();
            LOG.warnf("audit did not complete: %s: %s", e.getClass().getSimpleName(), e.getMessage());
        }
    }

    public Report audit() throws Exception {
        List<AuditRow> sample = proofs.sample(ledger.consumerGroup(), ledger.audit().sampleRate(), ledger.audit().maxSample());
        Map<String, ConsumerRecord<String, byte[]>> records = read(sample);
        Map<String, Optional<byte[]>> rootsOnChain = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        int checked = 0;
        for (AuditRow row : sample) {
            ConsumerRecord<String, byte[]> record = records.get(where(row.topic(), row.partition(), row.offset()));
            if (record == null) {
                // past retention or compacted: nothing to compare, not evidence of tampering
                metrics.counter("careledger.ledger.audit.unavailable").increment();
                continue;
            }
            checked++;
            Optional<byte[]> onChain = rootsOnChain.get(row.batchId());
            if (onChain == null) {
                onChain = chain.rootOf(Numeric.hexStringToByteArray(row.batchId()));
                rootsOnChain.put(row.batchId(), onChain);
            }
            check(row, record, onChain).ifPresent(findings::add);
        }
        metrics.counter("careledger.ledger.audit.events").increment(checked);
        // health and metrics first: they must show the evidence even when Kafka cannot take the alerts
        last = new Report(Instant.now(), checked, List.copyOf(findings));
        for (Finding finding : findings) {
            metrics.counter("careledger.ledger.tamper", "check", finding.check()).increment();
            LOG.errorf("tamper evidence: event %s in batch %s fails check %s", finding.eventId(), finding.batchId(), finding.check());
        }
        for (Finding finding : findings) {
            alerts.publish(finding);
        }
        return last;
    }

    private Optional<Finding> check(AuditRow row, ConsumerRecord<String, byte[]> record, Optional<byte[]> rootOnChain) {
        byte[] eventHash;
        try {
            eventHash = EventHash.of(record.value());
        } catch (Exception e) {
            return Optional.of(Finding.of(row, "record-unreadable"));
        }
        if (!CloudEventId.of(record.value()).filter(row.eventId()::equals).isPresent()) {
            return Optional.of(Finding.of(row, "event-id"));
        }
        if (!Numeric.toHexString(eventHash).equals(row.eventHash())) {
            return Optional.of(Finding.of(row, "event-hash"));
        }
        byte[] leaf = StandardMerkleTree.leafHash(eventHash);
        if (!Numeric.toHexString(leaf).equals(row.leaf())) {
            return Optional.of(Finding.of(row, "leaf"));
        }
        byte[] root = StandardMerkleTree.processProof(leaf, row.proof().stream().map(Numeric::hexStringToByteArray).toList());
        if (!Numeric.toHexString(root).equals(row.root())) {
            return Optional.of(Finding.of(row, "proof"));
        }
        if (rootOnChain.isEmpty() || !Arrays.equals(rootOnChain.get(), root)) {
            return Optional.of(Finding.of(row, "root-on-chain"));
        }
        return Optional.empty();
    }

    /** The sampled records, read by position with a consumer outside any group. */
    private Map<String, ConsumerRecord<String, byte[]>> read(List<AuditRow> sample) {
        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        if (sample.isEmpty()) {
            return found;
        }
        Properties props = new Properties();
        props.putAll(kafkaConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<AuditRow> ordered = new ArrayList<>(sample);
            ordered.sort(Comparator.comparing(AuditRow::topic).thenComparingInt(AuditRow::partition).thenComparingLong(AuditRow::offset));
            for (AuditRow row : ordered) {
                TopicPartition tp = new TopicPartition(row.topic(), row.partition());
                consumer.assign(List.of(tp));
                consumer.seek(tp, row.offset());
                long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
                boolean done = false;
                while (!done && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        done = true;
                        if (r.offset() == row.offset()) {
                            found.put(where(r.topic(), r.partition(), r.offset()), r);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static String where(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    /** One event whose evidence does not hold, and which check it fails. */
    public record Finding(String eventId, String batchId, String check, String topic, int partition, long offset) {
        static Finding of(AuditRow row, String check) {
            return new Finding(row.eventId(), row.batchId(), check, row.topic(), row.partition(), row.offset());
        }
    }

    public record Report(Instant at, int checked, List<Finding> findings) {
    }
}
