package org.careledger.routes.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.careledger.mappings.event.MappedEvent;
import org.careledger.platform.events.EventSignature;

/**
 * Shapes one event as a Kafka record: the structured-mode CloudEvent as value, the patient's public ID
 * as key (one patient's events stay ordered), the attributes again as {@code ce_} headers, and only
 * our own headers: every header that came in
 * with the raw record is dropped so nothing from the inbound side leaks onto the event topics. Every
 * event is signed ({@link EventSignature}): the bridge anchors and pays only what this app published.
 */
@ApplicationScoped
@Named("eventRecords")
public class EventRecords {

    public static final String TOPIC = "careledgerTopic";

    private final EventSignature.Signer signer;

    public EventRecords(EventSignature.Signer signer) {
        this.signer = signer;
    }

    public void prepare(Exchange exchange) {
        MappedEvent event = exchange.getMessage().getBody(MappedEvent.class);
        var message = exchange.getMessage();
        message.removeHeaders("*");
        byte[] signed = signer.sign(event.json());
        message.setBody(signed);
        message.setHeader(KafkaConstants.KEY, event.subject());
        message.setHeader("content-type", "application/cloudevents+json; charset=UTF-8");
        event.cloudEventHeaders().forEach(message::setHeader);
        message.setHeader("ce_" + EventSignature.KEY_ID, signer.keyId());
        exchange.setProperty(TOPIC, event.topic());
    }
}
