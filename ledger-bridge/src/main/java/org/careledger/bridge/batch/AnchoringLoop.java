package org.careledger.bridge.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.careledger.bridge.chain.AnchorChain;
import org.careledger.bridge.merkle.EventHash;
import org.careledger.bridge.merkle.StandardMerkleTree;
import org.careledger.bridge.proof.ProofStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * Consumes the event topics and anchors them in batches. For each batch, in this order: build the
 * Merkle tree, anchor the root, wait for the confirmations, store every event's proof, and only then
 * commit the Kafka offsets. A crash anywhere before the commit replays the batch; the deterministic
 * batch id and the contract's write-once anchors make the replay a no-op on chain.
 */
@ApplicationScoped
public class AnchoringLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(AnchoringLoop.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

    @ConfigProperty(name = "careledger.kafka.bootstrap-servers")
    String bootstrapServers;
    @ConfigProperty(name = "careledger.ledger.consumer-group")
    String consumerGroup;
    @ConfigProperty(name = "careledger.ledger.topic-pattern")
    String topicPattern;
    @ConfigProperty(name = "careledger.ledger.batch.max-events")
    int maxEvents;
    @ConfigProperty(name = "careledger.ledger.batch.max-age-ms")
    long maxAgeMillis;
    @ConfigProperty(name = "careledger.ledger.confirmations")
    int confirmations;

    private final AnchorChain chain;
    private final ProofStore proofs;
    private final MeterRegistry metrics;
    private final BridgeDeadLetters deadLetters;
    private final ObjectMapper json = new ObjectMapper();
    private final PendingBatch pending = new PendingBatch();
    private volatile boolean running = true;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public AnchoringLoop(AnchorChain chain, ProofStore proofs, MeterRegistry metrics, BridgeDeadLetters deadLetters) {
        this.chain = chain;
        this.proofs = proofs;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    void start(@Observes StartupEvent start) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.max(1, maxEvents)));
        // pattern subscriptions see new event topics at the next metadata refresh
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this, "careledger-anchoring");
        thread.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(Pattern.compile(topicPattern), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // uncommitted records of revoked partitions will be read again by their new owner
                    pending.clear();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    pending.add(record);
                }
                if (!pending.isEmpty() && (pending.size() >= maxEvents || pending.ageMillis() >= maxAgeMillis)) {
                    anchorPending();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    private void anchorPending() {
        try {
            anchor(pending);
            consumer.commitSync(pending.nextOffsets());
            pending.clear();
        } catch (Exception e) {
            LOG.errorf("batch %s not anchored (%s: %s); it will be retried", pending.offsets(),
                    e.getClass().getSimpleName(), e.getMessage());
            metrics.counter("careledger.ledger.batch.failures").increment();
            pending.firstOffsets().forEach(consumer::seek);
            pending.clear();
            sleep(RETRY_BACKOFF);
        }
    }

    private void anchor(PendingBatch batch) throws Exception {
        List<ConsumerRecord<String, byte[]>> fresh = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Map<String, ConsumerRecord<String, byte[]>> byId = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch.records()) {
            String id = eventId(record);
            if (id == null) {
                deadLetters.send(record, "malformed-event", "the record value is not a JSON CloudEvent with an id");
                continue;
            }
            if (byId.putIfAbsent(id, record) == null) {
                ids.add(id);
                fresh.add(record);
            }
        }
        Set<String> done = proofs.alreadyProven(ids);
        List<String> toAnchor = ids.stream().filter(id -> !done.contains(id)).toList();
        if (toAnchor.isEmpty()) {
            return;
        }
        List<byte[]> hashes = new ArrayList<>(toAnchor.size());
        for (String id : toAnchor) {
            hashes.add(EventHash.of(byId.get(id).value()));
        }
        StandardMerkleTree tree = StandardMerkleTree.of(hashes);
        byte[] batchId = batch.batchId(consumerGroup);
        AnchorChain.Anchored anchored = chain.anchor(batchId, tree.root(), toAnchor.size(), confirmations);

        String batchHex = Numeric.toHexString(batchId);
        List<ProofStore.StoredProof> stored = new ArrayList<>(toAnchor.size());
        for (int i = 0; i < toAnchor.size(); i++) {
            ConsumerRecord<String, byte[]> r = byId.get(toAnchor.get(i));
            stored.add(new ProofStore.StoredProof(toAnchor.get(i), Numeric.toHexString(hashes.get(i)),
                    Numeric.toHexString(tree.leaf(i)), i, tree.proof(i).stream().map(Numeric::toHexString).toList(),
                    r.topic(), r.partition(), r.offset()));
        }
        proofs.save(new ProofStore.StoredBatch(batchHex, Numeric.toHexString(tree.root()), toAnchor.size(), batch.offsets(),
                chain.chainId(), chain.contractAddress(), anchored.txHash(), anchored.blockNumber(), anchored.gasUsed(),
                "confirmed"), stored);
        metrics.counter("careledger.ledger.events.anchored").increment(toAnchor.size());
        LOG.infof("anchored batch %s: %d events, tx %s, block %d, gas %d", batchHex, toAnchor.size(),
                anchored.txHash(), anchored.blockNumber(), anchored.gasUsed());
    }

    private String eventId(ConsumerRecord<String, byte[]> record) {
        try {
            JsonNode node = json.readTree(record.value());
            JsonNode id = node == null ? null : node.get("id");
            return id != null && id.isTextual() && !id.asText().isEmpty() ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
