package org.careledger.mappings.event;

/** A de-identified CloudEvent ready for Kafka: its id, type, topic, key (the patient's public ID) and JSON value. */
public record MappedEvent(String id, String type, String topic, String subject, byte[] json) {
}
