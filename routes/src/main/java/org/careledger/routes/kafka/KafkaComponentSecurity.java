package org.careledger.routes.kafka;

import java.util.HashMap;
import java.util.Map;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.quarkus.core.events.ComponentAddEvent;
import org.careledger.routes.security.DevSecretsGuard;

/**
 * Gives the Camel Kafka component the same client settings as every other Kafka client of this app:
 * Quarkus's {@code kafka.*} block (security protocol, SASL, trust and key stores). Camel applies
 * additional properties last, over its own defaults, to every producer and consumer of every route.
 */
@ApplicationScoped
public class KafkaComponentSecurity {

    /**
     * The guard and the size limits are injected so that their checks (secrets, plaintext Kafka,
     * limits that agree) pass before any route connects or listens.
     */
    void secure(@Observes ComponentAddEvent added, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                DevSecretsGuard guard, StorageLimits limits) {
        if (added.getComponent() instanceof KafkaComponent kafka) {
            Map<String, Object> settings = new HashMap<>(kafkaConfig);
            // camel.component.kafka.brokers names them
            settings.remove("bootstrap.servers");
            kafka.getConfiguration().setAdditionalProperties(settings);
        }
    }
}
