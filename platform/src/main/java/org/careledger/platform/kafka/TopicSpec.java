package org.careledger.platform.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * What an app needs of one of its topics: partitions, replicas, {@code min.insync.replicas}, and any
 * other topic configuration it depends on (retention, {@code max.message.bytes}). An existing topic
 * with fewer replicas, a lower {@code min.insync.replicas}, a shorter retention or a smaller message
 * limit is weaker than this, and the app refuses to run on it.
 */
public record TopicSpec(String name, int partitions, short replicationFactor, int minInsyncReplicas, Map<String, String> configs) {

    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    /** Configurations where a smaller existing value is weaker; -1 (unlimited retention) is the largest. */
    static final java.util.Set<String> AT_LEAST = java.util.Set.of("retention.ms", "retention.bytes", "max.message.bytes");

    public TopicSpec {
        if (minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException(name + ": min.insync.replicas " + minInsyncReplicas
                    + " is more than the replication factor " + replicationFactor + ": no acks=all write could succeed");
        }
        configs = Map.copyOf(configs);
    }

    public TopicSpec(String name, int partitions, short replicationFactor, int minInsyncReplicas) {
        this(name, partitions, replicationFactor, minInsyncReplicas, Map.of());
    }

    public TopicSpec with(String config, String value) {
        Map<String, String> more = new LinkedHashMap<>(configs);
        more.put(config, value);
        return new TopicSpec(name, partitions, replicationFactor, minInsyncReplicas, more);
    }

    NewTopic toNewTopic() {
        Map<String, String> all = new LinkedHashMap<>(configs);
        all.put(MIN_INSYNC_REPLICAS, Integer.toString(minInsyncReplicas));
        return new NewTopic(name, Optional.of(partitions), Optional.of(replicationFactor)).configs(all);
    }
}
