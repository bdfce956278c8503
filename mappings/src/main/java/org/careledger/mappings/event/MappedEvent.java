package org.careledger.mappings.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A de-identified CloudEvent ready for Kafka: its id, type, topic, key (the patient's public ID), JSON
 * value, and the attributes the record also carries as {@code ce_} headers.
 */
public record MappedEvent(String id, String type, String topic, String subject, byte[] json, String source, String policy,
                          String policyVersion) {

    /**
     * The CloudEvents Kafka binding's {@code ce_} headers for this event's attributes, beside the
     * structured-mode value: a consumer can route on them without parsing JSON.
     */
    public Map<String, String> cloudEventHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_source", source);
        headers.put("ce_type", type);
        headers.put("ce_subject", subject);
        headers.put("ce_datacontenttype", "application/fhir+json");
        headers.put("ce_deidpolicy", policy);
        headers.put("ce_deidpolicyversion", policyVersion);
        return headers;
    }
}
