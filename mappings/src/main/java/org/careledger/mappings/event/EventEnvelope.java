package org.careledger.mappings.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.careledger.mappings.deid.DeidPolicy;
import org.careledger.mappings.engine.MappingException;

/** The CloudEvents 1.0 structured-mode envelope both mappers emit: a FHIR collection Bundle as data. */
final class EventEnvelope {

    static final String TOPIC_PREFIX = "careledger.events.";
    /** FHIR decimals are read as written: a double would drop a trailing zero's precision and round large amounts. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private EventEnvelope() {
    }

    static MappedEvent event(String id, String source, String type, String domain, String publicId, ArrayNode entries,
                             DeidPolicy policy) throws MappingException {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.set("entry", entries);

        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", type);
        event.put("subject", publicId);
        event.put("datacontenttype", "application/fhir+json");
        event.put("deidpolicy", policy.name());
        event.put("deidpolicyversion", policy.version());
        // No "time": the time a message was sent dates an admission or discharge to the day,
        // which Safe Harbor removes; the event carries only the years the policy keeps.
        event.set("data", bundle);
        try {
            return new MappedEvent(id, type, TOPIC_PREFIX + domain, publicId, JSON.writeValueAsBytes(event), source, policy.name(),
                    policy.version());
        } catch (JsonProcessingException e) {
            throw new MappingException("serialization-failed", "event could not be serialised");
        }
    }
}
