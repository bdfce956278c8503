package org.careledger.bridge.batch;

import java.util.Map;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.careledger.connectors.kafka.TopicSpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the bridge's own topics as durable as configured: one partition each, so their records stay in order. */
@ApplicationScoped
public class OwnTopics {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @ConfigProperty(name = "careledger.kafka.replication-factor")
    short replicationFactor;
    @ConfigProperty(name = "careledger.kafka.min-insync-replicas")
    int minInsyncReplicas;

    public OwnTopic named(String name) {
        return new OwnTopic(kafkaConfig, new TopicSpec(name, 1, replicationFactor, minInsyncReplicas));
    }
}
