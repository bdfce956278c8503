package org.careledger.bridge.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.careledger.bridge.config.BridgeTopics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Records on the event topics that cannot be anchored (not a CloudEvent with an id) go to the
 * dead-letter topic, written durably before the batch's offsets are committed, as a reference to
 * where they are (topic, partition, offset) and why, never their content. The batch goes on without
 * them.
 */
@ApplicationScoped
public class BridgeDeadLetters {

    private static final Logger LOG = Logger.getLogger(BridgeDeadLetters.class);

    private final ObjectMapper json = new ObjectMapper();
    private final MeterRegistry metrics;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    public BridgeDeadLetters(MeterRegistry metrics, KafkaProducer<String, byte[]> producer, BridgeTopics topics) {
        this.metrics = metrics;
        this.topic = topics.dlq();
        this.producer = producer;
    }

    public void send(ConsumerRecord<String, byte[]> record, String reason, String detail) throws Exception {
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("reason", reason);
        letter.put("detail", detail);
        letter.put("topic", record.topic());
        letter.put("partition", record.partition());
        letter.put("offset", record.offset());
        producer.send(new ProducerRecord<>(topic, reason, json.writeValueAsBytes(letter))).get(30, TimeUnit.SECONDS);
        metrics.counter("careledger.dlq", "reason", reason).increment();
        LOG.warnf("dead letter: %s at %s-%d@%d", reason, record.topic(), record.partition(), record.offset());
    }
}
