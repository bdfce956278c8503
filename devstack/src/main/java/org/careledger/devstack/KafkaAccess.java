package org.careledger.devstack;

import java.util.HashMap;
import java.util.Map;

/**
 * How one principal reaches Kafka: the bootstrap servers and the client security settings (Kafka's own
 * property names, such as {@code security.protocol} and {@code sasl.jaas.config}), empty on a plaintext
 * broker. Every producer, consumer and admin client built from it carries the same settings.
 */
public record KafkaAccess(String bootstrapServers, Map<String, String> security) {

    public KafkaAccess {
        security = Map.copyOf(security);
    }

    public static KafkaAccess plaintext(String bootstrapServers) {
        return new KafkaAccess(bootstrapServers, Map.of());
    }

    /** A fresh, modifiable client configuration: callers add their serializers, group id and so on. */
    public Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>(security);
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** The password is in {@code sasl.jaas.config}: never printed. */
    @Override
    public String toString() {
        return "KafkaAccess[" + bootstrapServers + ", " + security.getOrDefault("security.protocol", "PLAINTEXT") + "]";
    }
}
