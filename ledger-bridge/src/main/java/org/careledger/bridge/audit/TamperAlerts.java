package org.careledger.bridge.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes each audit finding as a CloudEvent ({@code org.careledger.ledger.tamper.v1}) on the
 * tamper topic, keyed by batch id. It names the event, batch, failed check and record position:
 * the bridge never holds PHI, and the alert adds none.
 */
@ApplicationScoped
public class TamperAlerts {

    static final String TYPE = "org.careledger.ledger.tamper.v1";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final ObjectMapper json = new ObjectMapper();

    private final String bootstrapServers;
    private volatile boolean topicChecked;

    public TamperAlerts(KafkaProducer<String, byte[]> producer, @ConfigProperty(name = "careledger.topics.tamper") String topic,
                        @ConfigProperty(name = "careledger.kafka.bootstrap-servers") String bootstrapServers) {
        this.producer = producer;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
    }

    /** The bridge owns this topic (the routes app creates the event topics): create it on first use. */
    private void ensureTopic() throws Exception {
        if (topicChecked) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        topicChecked = true;
    }

    void publish(Auditor.Finding finding) throws Exception {
        ensureTopic();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/careledger/ledger-bridge/auditor");
        event.put("type", TYPE);
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.put("data", finding);
        producer.send(new ProducerRecord<>(topic, finding.batchId(), json.writeValueAsBytes(event))).get(30, TimeUnit.SECONDS);
    }
}
