package org.careledger.claims;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.careledger.claims.config.ChainSettings;
import org.careledger.claims.config.ClaimsSettings;
import org.careledger.claims.config.ClaimsTopics;
import org.careledger.claims.config.WebhookSettings;
import org.careledger.claims.security.DevSecretsGuard;
import org.careledger.claims.webhook.RetrySchedule;
import org.careledger.claims.webhook.WebhookDispatcher;
import org.careledger.claims.webhook.WebhookPoster;
import org.careledger.claims.webhook.WebhookSecrets;
import org.careledger.claims.webhook.WebhookTargets;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.claims.ClaimEventReader;
import org.careledger.platform.events.EventSignature;
import org.careledger.platform.kafka.DeadLetters;
import org.careledger.platform.kafka.OwnTopics;
import org.careledger.tx.Chain;
import org.careledger.tx.NonceManager;
import org.careledger.tx.Outbox;
import org.careledger.tx.Transactor;
import org.careledger.tx.loops.Backoff;
import org.careledger.tx.loops.SupervisedLoops;
import org.jboss.logging.Logger;

/**
 * Claim settlement, on when {@code careledger.claims.settlement-contract} is set: one thread takes
 * claim events into the store, submits what is anchored and follows the contract's decisions; a
 * second thread delivers the payers' webhooks, so a slow payer never holds up settlement.
 */
@ApplicationScoped
public class ClaimsService {

    private static final Logger LOG = Logger.getLogger(ClaimsService.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    @Inject
    ClaimsSettings claims;
    @Inject
    WebhookSettings webhooks;
    @Inject
    ChainSettings chainSettings;
    @Inject
    ClaimsTopics topics;
    @Inject
    DevSecretsGuard checkedFirst; // the provider key is checked before it is used
    /** Quarkus's {@code kafka.*} settings: the bootstrap servers and the client security block. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    OwnTopics ownTopics;

    private final ClaimStore store;
    private final BridgeProofs proofs;
    private final KafkaProducer<String, byte[]> producer;
    private final DeadLetters deadLetters;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.systemUTC();
    private volatile SettlementContract chain;
    private final List<ChainSession> sessions = new java.util.ArrayList<>();
    private final Map<String, Transactor> providers = new java.util.TreeMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private SupervisedLoops.Loop settling;
    private SupervisedLoops.Loop delivering;

    private final WebhookTargets targets;
    private final WebhookSecrets secrets;
    private final EventSignature.Verifier verifier;
    private final SupervisedLoops loops;

    private final Outbox outbox;
    private final NonceManager nonces;
    private final Transactor.Settings transactorSettings;

    public ClaimsService(ClaimStore store, BridgeProofs proofs, KafkaProducer<String, byte[]> producer, DeadLetters deadLetters,
                         MeterRegistry metrics, WebhookTargets targets, WebhookSecrets secrets, EventSignature.Verifier verifier,
                         SupervisedLoops loops, Outbox outbox, NonceManager nonces, Transactor.Settings transactorSettings) {
        this.outbox = outbox;
        this.nonces = nonces;
        this.transactorSettings = transactorSettings;
        this.loops = loops;
        this.verifier = verifier;
        this.targets = targets;
        this.secrets = secrets;
        this.store = store;
        this.proofs = proofs;
        this.producer = producer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** The settlement contract as this app's first provider key sees it; empty when settlement is off. */
    public Optional<SettlementContract> chain() {
        return Optional.ofNullable(chain);
    }

    void start(@Observes StartupEvent start) {
        if (claims.contract().isEmpty()) {
            LOG.info("claim settlement is off: careledger.claims.settlement-contract is not set");
            return;
        }
        Map<String, org.web3j.crypto.Credentials> keys =
                ProviderKeys.load(claims.providerId(), claims.providerKey(), claims.providerKeyDir());
        DevSecretsGuard.refuseDevKeys(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .unwrap(io.smallrye.config.SmallRyeConfig.class).getProfiles(), "careledger.claims.provider-key or provider-key-dir", keys);
        if (keys.isEmpty()) {
            throw new IllegalStateException("careledger.claims.settlement-contract needs a provider's key: careledger.claims.provider-id"
                    + " with careledger.claims.provider-key, or careledger.claims.provider-key-dir");
        }
        if (!secrets.configured()) {
            throw new IllegalStateException("careledger.claims.settlement-contract needs careledger.webhooks.encryption-key"
                    + " (base64 of 32 bytes) to seal payers' webhook secrets");
        }
        try {
            int sealed = store.sealClearSecrets();
            if (sealed > 0) {
                LOG.infof("sealed %d webhook secrets stored in clear by an earlier version", sealed);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not seal stored webhook secrets (" + e.getSQLState() + ")", e);
        }
        keys.forEach((provider, key) -> {
            ChainSession session = new ChainSession(chainSettings.rpcUrl(), chainSettings.chainId(), key,
                    ChainSession.FeeCaps.gwei(chainSettings.maxFeeGwei(), chainSettings.maxPriorityFeeGwei(), claims.gasLimit()));
            sessions.add(session);
            providers.put(provider, new Transactor(new Chain(session), outbox, nonces, transactorSettings, metrics, clock));
        });
        LOG.infof("claims are signed for %d provider(s): %s", providers.size(), String.join(", ", providers.keySet()));
        chain = new SettlementContract(providers.values().iterator().next().chain(), claims.contract().get());
        WebhookDispatcher dispatcher = new WebhookDispatcher(store, new WebhookPoster(webhooks.timeout(), clock, targets),
                new RetrySchedule(webhooks.initialBackoff(), webhooks.maxBackoff(), webhooks.maxAttempts()), metrics, clock);
        settling = loops.start("claims", this::settle);
        delivering = loops.start("webhooks", loop -> repeat(loop, "webhooks", () -> dispatcher.step() > 0));
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        loops.stop(settling, () -> {
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }, Duration.ofSeconds(10));
        loops.stop(delivering, () -> { }, Duration.ofSeconds(10));
        sessions.forEach(ChainSession::close);
    }

    /**
     * One life of the settlement loop, under {@link SupervisedLoops}: a failure inside an iteration
     * is retried here with back-off; one that breaks the consumer ends this life, and the next starts
     * with a fresh consumer from the committed offsets.
     */
    private void settle(SupervisedLoops.Loop loop) {
        Properties props = new Properties();
        props.putAll(kafkaConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, claims.consumerGroup());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.subscribe(List.of(claims.topic()));
            ClaimIntake intake = null;
            ClaimSubmitter submitter = null;
            SettlementFollower follower = null;
            Backoff backoff = new Backoff(MAX_BACKOFF);
            while (loop.running()) {
                try {
                    if (intake == null) {
                        // the token's decimals decide how amounts are read: nothing is taken before the chain answers
                        int decimals = chain.tokenDecimals();
                        intake = new ClaimIntake(new ClaimEventReader(claims.currency(), decimals), store, deadLetters, metrics, verifier);
                        submitter = new ClaimSubmitter(chain, providers, store, proofs,
                                new ClaimSubmitter.Settings(claims.maxPerTransaction(), claims.escrowRetry(), claims.retry()), metrics, clock);
                        follower = new SettlementFollower(chain, store, new ClaimResponses(chainSettings.chainId(), chain.address(), decimals),
                                producer, ownTopics.named(topics.settlements()), chainSettings.confirmations(), metrics, clock);
                    }
                    take(intake, consumer.poll(claims.poll()));
                    submitter.step();
                    follower.step();
                    backoff.succeeded();
                } catch (WakeupException e) {
                    throw e;
                } catch (Exception e) {
                    Duration wait = backoff.failed();
                    metrics.counter("careledger.claims.loop.failures").increment();
                    LOG.warnf("claim settlement paused for %d s: %s: %s", wait.toSeconds(), e.getClass().getSimpleName(), e.getMessage());
                    Backoff.sleep(wait);
                }
                // alive: an iteration that failed is being retried, which is not a dead loop
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

    /** Stores the polled claims, then commits; on a failure the partitions go back to the first record not stored. */
    private void take(ClaimIntake intake, ConsumerRecords<String, byte[]> records) throws Exception {
        Map<TopicPartition, Long> first = new HashMap<>();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
                intake.accept(record);
                first.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
        } catch (Exception e) {
            first.forEach(consumer::seek);
            throw e;
        }
        if (!records.isEmpty()) {
            consumer.commitSync();
        }
    }

    private interface Step {
        boolean run() throws Exception;
    }

    /** Runs a step until shutdown: at once again when it found work, after a pause when not, backing off on failures. */
    private void repeat(SupervisedLoops.Loop loop, String name, Step step) {
        Backoff backoff = new Backoff(MAX_BACKOFF);
        while (loop.running()) {
            try {
                boolean busy = step.run();
                backoff.succeeded();
                if (!busy) {
                    Backoff.sleep(claims.poll());
                }
            } catch (Exception e) {
                Duration wait = backoff.failed();
                LOG.warnf("%s paused for %d s: %s: %s", name, wait.toSeconds(), e.getClass().getSimpleName(), e.getMessage());
                Backoff.sleep(wait);
            }
            loop.beat();
        }
    }

}
