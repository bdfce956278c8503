package org.careledger.platform.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Records on the event topics that an app cannot take (not a CloudEvent, not signed by a trusted key,
 * a claim it cannot read) go to the dead-letter topic, written durably (the producer is acks=all)
 * before the consumer's offsets are committed, as a reference to where they are (topic, partition,
 * offset) and why, never their content. The app goes on without them.
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final ObjectMapper json = new ObjectMapper();
    private final MeterRegistry metrics;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    public DeadLetters(MeterRegistry metrics, KafkaProducer<String, byte[]> producer, String topic) {
        this.metrics = metrics;
        this.topic = topic;
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
