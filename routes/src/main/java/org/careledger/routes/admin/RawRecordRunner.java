package org.careledger.routes.admin;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.careledger.routes.events.DeadLetters;
import org.careledger.routes.events.TransientFailures;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends a raw record that replay or redrive re-read through the same raw -> events route the live
 * consumer uses, with the headers that consumer would give it. Event ids derive from the message,
 * so a second run reproduces the ids of the first.
 */
@ApplicationScoped
public class RawRecordRunner {

    /** How one record went. */
    public enum Outcome { EVENTS, DEAD_LETTER }

    private final ProducerTemplate producer;
    private final CamelContext camel;
    private final Map<String, String> routeByTopic;

    public RawRecordRunner(ProducerTemplate producer, CamelContext camel,
                           @ConfigProperty(name = "careledger.topics.hl7v2-raw") String hl7Raw,
                           @ConfigProperty(name = "careledger.topics.fhir-raw") String fhirRaw) {
        this.producer = producer;
        this.camel = camel;
        this.routeByTopic = Map.of(hl7Raw, "direct:hl7v2-raw-to-events", fhirRaw, "direct:fhir-r4-raw-to-events");
    }

    public boolean isRawTopic(String topic) {
        return routeByTopic.containsKey(topic);
    }

    /**
     * Runs the record; throws when a dependency is unavailable (the caller answers 503, and nothing
     * is dead-lettered for it).
     */
    public Outcome run(ConsumerRecord<byte[], byte[]> record) throws Exception {
        String route = routeByTopic.get(record.topic());
        if (route == null) {
            throw new IllegalArgumentException("not a raw topic: " + record.topic());
        }
        Map<String, Object> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        headers.put(KafkaConstants.TOPIC, record.topic());
        headers.put(KafkaConstants.PARTITION, record.partition());
        headers.put(KafkaConstants.OFFSET, record.offset());
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeaders(headers);
        exchange.getMessage().setBody(record.value());
        exchange.setProperty(TransientFailures.NO_WAIT, true);
        Exchange done = producer.send(route, exchange);
        if (done.getException() != null) {
            throw done.getException();
        }
        return done.getProperty(DeadLetters.WRITTEN, false, Boolean.class) ? Outcome.DEAD_LETTER : Outcome.EVENTS;
    }
}
