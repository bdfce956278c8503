package org.careledger.bridge;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.careledger.bridge.batch.BatchStore;
import org.careledger.bridge.batch.BatchTracker;
import org.careledger.bridge.chain.AnchorContract;
import org.careledger.bridge.claims.ClaimStore;
import org.careledger.bridge.claims.WebhookSecrets;
import org.careledger.bridge.security.DevSecretsGuard;
import org.careledger.connectors.events.EventSignature;
import org.careledger.connectors.kafka.OwnTopics;
import org.careledger.connectors.webhook.WebhookTargets;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.SigningKeys;
import org.careledger.tx.Chain;
import org.careledger.tx.NonceManager;
import org.careledger.tx.Outbox;
import org.careledger.tx.Transactor;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The chain connection, the batch tracker and the Kafka producer, from configuration. */
@ApplicationScoped
public class BridgeBeans {

    @Produces
    @ApplicationScoped
    ChainSession chainSession(DevSecretsGuard checkedFirst, @ConfigProperty(name = "careledger.ledger.rpc-url") String rpcUrl,
                              @ConfigProperty(name = "careledger.ledger.chain-id") long chainId,
                              @ConfigProperty(name = "careledger.ledger.private-key") Optional<String> privateKey,
                              @ConfigProperty(name = "careledger.ledger.keystore") Optional<java.nio.file.Path> keystore,
                              @ConfigProperty(name = "careledger.ledger.keystore-password") Optional<String> keystorePassword,
                              @ConfigProperty(name = "careledger.ledger.pem-key") Optional<java.nio.file.Path> pemKey,
                              @ConfigProperty(name = "careledger.ledger.max-fee-gwei") long maxFeeGwei,
                              @ConfigProperty(name = "careledger.ledger.max-priority-fee-gwei") long maxPriorityFeeGwei,
                              @ConfigProperty(name = "careledger.ledger.gas-limit") long gasLimit) {
        return new ChainSession(rpcUrl, chainId, SigningKeys.load(keystore, keystorePassword, pemKey, privateKey),
                ChainSession.FeeCaps.gwei(maxFeeGwei, maxPriorityFeeGwei, gasLimit));
    }

    void closeChainSession(@Disposes ChainSession session) {
        session.close();
    }

    /** Durable writes (acks=all, idempotent) for dead letters and tamper alerts. */
    @Produces
    @ApplicationScoped
    KafkaProducer<String, byte[]> producer(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Properties props = new Properties();
        props.putAll(kafkaConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void closeProducer(@Disposes KafkaProducer<String, byte[]> producer) {
        producer.close();
    }

    @Produces
    @Singleton
    OwnTopics ownTopics(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                        @ConfigProperty(name = "careledger.kafka.replication-factor") short replicationFactor,
                        @ConfigProperty(name = "careledger.kafka.min-insync-replicas") int minInsyncReplicas) {
        return new OwnTopics(kafkaConfig, replicationFactor, minInsyncReplicas);
    }

    @Produces
    @ApplicationScoped
    ClaimStore claimStore(javax.sql.DataSource dataSource, WebhookSecrets secrets) {
        return new ClaimStore(dataSource, secrets);
    }

    @Produces
    @Singleton
    WebhookSecrets webhookSecrets(DevSecretsGuard checkedFirst,
                                  @ConfigProperty(name = "careledger.webhooks.encryption-key-id") String keyId,
                                  @ConfigProperty(name = "careledger.webhooks.encryption-key") Optional<String> key) {
        return new WebhookSecrets(keyId, key);
    }

    /** The routes app's event keys, by id: only events signed with one of them are anchored or paid. */
    @Produces
    @Singleton
    EventSignature.Verifier eventVerifier(@ConfigProperty(name = "careledger.events.verification-keys") List<String> keys) {
        return new EventSignature.Verifier(keys);
    }

    /**
     * Where payers' webhooks may point: https only outside the dev profile, public addresses only
     * unless careledger.webhooks.allow-networks admits an internal receiver.
     */
    @Produces
    @Singleton
    WebhookTargets webhookTargets(@ConfigProperty(name = "careledger.webhooks.allow-networks") Optional<List<String>> allowed) {
        boolean dev = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles().contains("dev");
        return new WebhookTargets(!dev, allowed.orElse(List.of()));
    }

    /** The one outbox and the one nonce sequence per key: every transactor of this process shares them. */
    @Produces
    @Singleton
    Outbox outbox(javax.sql.DataSource dataSource) {
        return new Outbox(dataSource);
    }

    @Produces
    @Singleton
    NonceManager nonceManager(Outbox outbox) {
        return new NonceManager(outbox);
    }

    @Produces
    @Singleton
    Transactor.Settings transactorSettings(@ConfigProperty(name = "careledger.ledger.gas-margin-percent") int gasMarginPercent,
                                           @ConfigProperty(name = "careledger.ledger.stuck-after-ms") long stuckAfterMs) {
        return new Transactor.Settings(gasMarginPercent, Duration.ofMillis(stuckAfterMs));
    }

    /** The anchoring key's transactor. */
    @Produces
    @ApplicationScoped
    Transactor anchorTransactor(ChainSession session, Outbox outbox, NonceManager nonces, Transactor.Settings settings,
                                MeterRegistry metrics) {
        return new Transactor(new Chain(session), outbox, nonces, settings, metrics, Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    AnchorContract anchorContract(Transactor anchorTransactor,
                                  @ConfigProperty(name = "careledger.ledger.anchor-contract") String contract) {
        return new AnchorContract(anchorTransactor.chain(), contract);
    }

    @Produces
    @ApplicationScoped
    BatchTracker batchTracker(AnchorContract anchors, Transactor anchorTransactor, BatchStore store, MeterRegistry metrics,
                              @ConfigProperty(name = "careledger.ledger.consumer-group") String owner,
                              @ConfigProperty(name = "careledger.ledger.confirmations") int confirmations,
                              @ConfigProperty(name = "careledger.ledger.stuck-after-ms") long stuckAfterMs,
                              @ConfigProperty(name = "careledger.ledger.retry-backoff-ms") long retryBackoffMs,
                              @ConfigProperty(name = "careledger.ledger.max-in-flight") int maxInFlight,
                              @ConfigProperty(name = "careledger.ledger.reorg-window-blocks") long reorgWindow) {
        return new BatchTracker(anchors, anchorTransactor, store, new BatchTracker.Settings(owner, confirmations,
                Duration.ofMillis(stuckAfterMs), Duration.ofMillis(retryBackoffMs), maxInFlight, reorgWindow), metrics, Clock.systemUTC());
    }
}
