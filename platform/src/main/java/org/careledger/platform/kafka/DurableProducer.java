package org.careledger.platform.kafka;

import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The producer an app writes its own records with (dead letters, settlements, alerts): acks=all and idempotent. */
public final class DurableProducer {

    private DurableProducer() {
    }

    /** {@code kafkaConfig}: the app's Kafka client settings, security included. */
    public static KafkaProducer<String, byte[]> create(Map<String, Object> kafkaConfig) {
        Properties props = new Properties();
        props.putAll(kafkaConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
