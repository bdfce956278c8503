package org.careledger.claims;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.careledger.claims.config.ChainSettings;
import org.careledger.claims.config.ClaimsSettings;
import org.careledger.claims.config.ClaimsTopics;
import org.careledger.claims.config.WebhookSettings;
import org.careledger.claims.security.DevSecretsGuard;
import org.careledger.claims.webhook.WebhookSecrets;
import org.careledger.claims.webhook.WebhookTargets;
import org.careledger.platform.events.EventSignature;
import org.careledger.platform.kafka.DeadLetters;
import org.careledger.platform.kafka.DurableProducer;
import org.careledger.platform.kafka.OwnTopics;
import org.careledger.tx.Transactor;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The claim store, the outbox of the providers' transactions, the Kafka producer and the webhook checks, from configuration. */
@ApplicationScoped
public class ClaimsBeans {

    /** Durable writes (acks=all, idempotent) for settlements and dead letters. */
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

    @Produces
    @Singleton
    DeadLetters deadLetters(MeterRegistry metrics, KafkaProducer<String, byte[]> producer, ClaimsTopics topics) {
        return new DeadLetters(metrics, producer, topics.dlq());
    }

    @Produces
    @ApplicationScoped
    ClaimStore claimStore(javax.sql.DataSource dataSource, WebhookSecrets secrets) {
        return new ClaimStore(dataSource, secrets);
    }

    @Produces
    @Singleton
    WebhookSecrets webhookSecrets(DevSecretsGuard checkedFirst, WebhookSettings webhooks) {
        return new WebhookSecrets(webhooks.encryptionKeyId(), webhooks.encryptionKey(), webhooks.retiredKeys());
    }

    /** The routes app's event keys, by id: only claims signed with one of them are paid. */
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
    WebhookTargets webhookTargets(WebhookSettings webhooks) {
        boolean dev = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles().contains("dev");
        return new WebhookTargets(!dev, webhooks.allowNetworks().orElse(List.of()));
    }

    @Produces
    @Singleton
    BridgeProofs bridgeProofs(ClaimsSettings claims, ChainSettings chain) {
        return new BridgeProofs(claims.bridgeUrl(), chain.chainId());
    }

    @Produces
    @Singleton
    Transactor.Settings transactorSettings(ChainSettings chain) {
        return new Transactor.Settings(chain.gasMarginPercent(), chain.stuckAfter());
    }
}
