package org.careledger.bridge;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.careledger.bridge.config.BridgeTopics;
import org.careledger.bridge.config.LedgerSettings;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.careledger.bridge.batch.BatchStore;
import org.careledger.bridge.batch.BatchTracker;
import org.careledger.bridge.chain.AnchorContract;
import org.careledger.bridge.security.DevSecretsGuard;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.SigningKeys;
import org.careledger.platform.events.EventSignature;
import org.careledger.platform.kafka.DeadLetters;
import org.careledger.platform.kafka.DurableProducer;
import org.careledger.platform.kafka.OwnTopics;
import org.careledger.tx.Chain;
import org.careledger.tx.NonceManager;
import org.careledger.tx.Outbox;
import org.careledger.tx.Transactor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The chain connection, the anchoring transactor, the batch tracker and the Kafka producer, from configuration. */
@ApplicationScoped
public class BridgeBeans {

    @Produces
    @ApplicationScoped
    ChainSession chainSession(DevSecretsGuard checkedFirst, LedgerSettings ledger) {
        return new ChainSession(ledger.rpcUrl(), ledger.chainId(),
                SigningKeys.load(ledger.keystore(), ledger.keystorePassword(), ledger.pemKey(), ledger.privateKey()),
                ChainSession.FeeCaps.gwei(ledger.maxFeeGwei(), ledger.maxPriorityFeeGwei(), ledger.gasLimit()));
    }

    void closeChainSession(@Disposes ChainSession session) {
        session.close();
    }

    /** Durable writes (acks=all, idempotent) for dead letters and tamper alerts. */
    @Produces
    @ApplicationScoped
    KafkaProducer<String, byte[]> producer(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        return DurableProducer.create(kafkaConfig);
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

    /** The routes app's event keys, by id: only events signed with one of them are anchored or paid. */
    @Produces
    @Singleton
    EventSignature.Verifier eventVerifier(@ConfigProperty(name = "careledger.events.verification-keys") List<String> keys) {
        return new EventSignature.Verifier(keys);
    }

    @Produces
    @Singleton
    DeadLetters deadLetters(MeterRegistry metrics, KafkaProducer<String, byte[]> producer, BridgeTopics topics) {
        return new DeadLetters(metrics, producer, topics.dlq());
    }

    @Produces
    @Singleton
    Transactor.Settings transactorSettings(LedgerSettings ledger) {
        return new Transactor.Settings(ledger.gasMarginPercent(), ledger.stuckAfter());
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
    AnchorContract anchorContract(Transactor anchorTransactor, LedgerSettings ledger) {
        return new AnchorContract(anchorTransactor.chain(), ledger.anchorContract().trim());
    }

    @Produces
    @ApplicationScoped
    BatchTracker batchTracker(AnchorContract anchors, Transactor anchorTransactor, BatchStore store, MeterRegistry metrics,
                              LedgerSettings ledger) {
        return new BatchTracker(anchors, anchorTransactor, store, new BatchTracker.Settings(ledger.consumerGroup(), ledger.confirmations(),
                ledger.stuckAfter(), ledger.retryBackoff(), ledger.maxInFlight(), ledger.reorgWindowBlocks()), metrics, Clock.systemUTC());
    }
}
