package org.careledger.platform.kafka;

import java.util.Map;

/**
 * Makes an app's own topics as durable as configured: one partition each, so their records stay in
 * order. The routes app creates the event topics; the bridge and the claims app own the topics they write.
 */
public final class OwnTopics {

    private final Map<String, Object> kafkaConfig;
    private final short replicationFactor;
    private final int minInsyncReplicas;

    /** {@code kafkaConfig}: the app's Kafka client settings, security included. */
    public OwnTopics(Map<String, Object> kafkaConfig, short replicationFactor, int minInsyncReplicas) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    public OwnTopic named(String name) {
        return new OwnTopic(kafkaConfig, new TopicSpec(name, 1, replicationFactor, minInsyncReplicas));
    }
}
