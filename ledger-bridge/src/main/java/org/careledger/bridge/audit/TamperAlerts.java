package org.careledger.bridge.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.careledger.bridge.config.BridgeTopics;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.careledger.platform.kafka.OwnTopic;
import org.careledger.platform.kafka.OwnTopics;

/**
 * Publishes each audit finding as a CloudEvent ({@code org.careledger.ledger.tamper.v1}) on the
 * tamper topic, keyed by batch id. It names the event, batch, failed check and record position:
 * the bridge never holds PHI, and the alert adds none.
 */
@ApplicationScoped
public class TamperAlerts {

    static final String TYPE = "org.careledger.ledger.tamper.v1";

    private final KafkaProducer<String, byte[]> producer;
    private final OwnTopic topic;
    private final ObjectMapper json = new ObjectMapper();

    public TamperAlerts(KafkaProducer<String, byte[]> producer, BridgeTopics topics, OwnTopics ownTopics) {
        this.producer = producer;
        this.topic = ownTopics.named(topics.tamper());
    }

    void publish(Auditor.Finding finding) throws Exception {
        topic.ensure();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/careledger/ledger-bridge/auditor");
        event.put("type", TYPE);
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.put("data", finding);
        producer.send(new ProducerRecord<>(topic.name(), finding.batchId(), json.writeValueAsBytes(event))).get(30, TimeUnit.SECONDS);
    }
}
