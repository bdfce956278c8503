package org.careledger.mappings.event;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.careledger.mappings.deid.Deidentifier;
import org.careledger.mappings.deid.SecurityLabel;
import org.careledger.mappings.engine.ElementPath;
import org.careledger.mappings.engine.ElementRule;
import org.careledger.mappings.engine.FieldPath;
import org.careledger.mappings.engine.HL7Values;
import org.careledger.mappings.engine.MappingCatalogue;
import org.careledger.mappings.engine.MappingException;
import org.careledger.mappings.engine.MessageMapping;
import org.careledger.mappings.engine.PatientPseudonyms;
import org.careledger.mappings.engine.ResourceTemplate;
import org.careledger.mappings.engine.SegmentIndex;

/**
 * Turns a parsed HL7 v2 message into de-identified CloudEvents 1.0 (structured JSON, FHIR R4 Bundle
 * as data) by the message's mapping file and the de-identification policy.
 */
public final class Hl7EventMapper {

    public static final String TOPIC_PREFIX = "careledger.events.";

    private final MappingCatalogue catalogue;
    private final Deidentifier deidentifier;
    private final PatientPseudonyms pseudonyms;
    private final ObjectMapper json = new ObjectMapper();

    public Hl7EventMapper(MappingCatalogue catalogue, Deidentifier deidentifier, PatientPseudonyms pseudonyms) {
        this.catalogue = catalogue;
        this.deidentifier = deidentifier;
        this.pseudonyms = pseudonyms;
    }

    public List<MappedEvent> map(Message message, EventSource source) throws MappingException {
        SegmentIndex segments = SegmentIndex.of(message);
        Segment msh = segments.first("MSH");
        String messageType = FieldPath.parse("MSH-9-1").read(msh);
        String trigger = FieldPath.parse("MSH-9-2").read(msh);
        MessageMapping mapping = catalogue.forMessageType(messageType)
                .orElseThrow(() -> new MappingException("unmapped-message-type", "MSH-9.1: no mapping for this message type"));
        String eventType = trigger == null ? null : mapping.events().get(trigger);
        if (eventType == null) {
            throw new MappingException("unmapped-trigger-event", "MSH-9.2: no event type for this trigger event");
        }

        String publicId = patientPublicId(mapping, segments);
        String eventId = eventId(source, 0);
        ArrayNode entries = json.createArrayNode();
        int resourceIndex = 0;
        for (ResourceTemplate template : mapping.resources()) {
            List<Segment> sources = template.forEach() != null
                    ? segments.all(template.forEach())
                    : singletonOrEmpty(segments.first(template.segment()));
            for (Segment segment : sources) {
                ObjectNode resource = build(template, mapping, segment, segments, publicId, eventId, resourceIndex++);
                entries.addObject().set("resource", resource);
            }
        }

        ObjectNode bundle = json.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.set("entry", entries);

        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", eventId);
        event.put("source", "urn:careledger:feed:" + source.feedId());
        event.put("type", eventType);
        event.put("subject", publicId);
        event.put("datacontenttype", "application/fhir+json");
        event.put("deidpolicy", deidentifier.policy().name());
        event.put("deidpolicyversion", deidentifier.policy().version());
        // No "time": the time an ADT message was sent dates an admission or discharge to the day,
        // which Safe Harbor removes; the event carries only the years the policy keeps.
        event.set("data", bundle);
        try {
            byte[] bytes = json.writeValueAsBytes(event);
            return List.of(new MappedEvent(eventId, eventType, TOPIC_PREFIX + mapping.domain(), publicId, bytes));
        } catch (JsonProcessingException e) {
            throw new MappingException("serialization-failed", "event could not be serialised");
        }
    }

    private String patientPublicId(MessageMapping mapping, SegmentIndex segments) throws MappingException {
        Segment pid = segments.first(mapping.patient());
        String identifier = FieldPath.parse(mapping.patient() + "-3-1").read(pid);
        if (identifier == null) {
            throw new MappingException("no-patient-identifier", mapping.patient() + "-3.1: a patient identifier is required");
        }
        String authority = FieldPath.parse(mapping.patient() + "-3-4-1").read(pid);
        return pseudonyms.publicId(authority == null ? "" : authority, identifier);
    }

    private ObjectNode build(ResourceTemplate template, MessageMapping mapping, Segment current, SegmentIndex segments,
                             String publicId, String eventId, int index) {
        ObjectNode resource = json.createObjectNode();
        resource.put("resourceType", template.resourceType());
        Set<SecurityLabel> labels = EnumSet.noneOf(SecurityLabel.class);
        if ("Patient".equals(template.resourceType())) {
            resource.put("id", publicId);
            labels.add(SecurityLabel.PSEUDED);
        } else {
            resource.put("id", eventId(eventId, index));
            resource.putObject("subject").put("reference", "Patient/" + publicId);
        }
        for (Map.Entry<String, ElementRule> element : template.elements().entrySet()) {
            JsonNode value = value(element.getValue(), mapping, current, segments);
            if (value != null) {
                ElementPath.parse(element.getKey()).set(resource, value);
            }
        }
        deidentifier.apply(resource, labels);
        return resource;
    }

    private JsonNode value(ElementRule rule, MessageMapping mapping, Segment current, SegmentIndex segments) {
        if (!conditionHolds(rule.when(), current, segments)) {
            return null;
        }
        String raw = rule.value() != null ? rule.value() : read(FieldPath.parse(rule.from()), current, segments);
        if (raw == null) {
            return null;
        }
        if (rule.table() != null) {
            raw = mapping.tables().get(rule.table()).get(raw);
            if (raw == null) {
                return null;
            }
        }
        String type = rule.type() == null ? "string" : rule.type();
        return switch (type) {
            case "date" -> textOrNull(HL7Values.date(raw));
            case "dateTime" -> textOrNull(HL7Values.dateTime(raw));
            case "decimal" -> {
                BigDecimal d = HL7Values.decimal(raw);
                yield d == null ? null : DecimalNode.valueOf(d);
            }
            default -> TextNode.valueOf(raw);
        };
    }

    private static boolean conditionHolds(JsonNode when, Segment current, SegmentIndex segments) {
        if (when == null || when.isNull()) {
            return true;
        }
        if (when.isTextual()) {
            return read(FieldPath.parse(when.asText()), current, segments) != null;
        }
        var fields = when.fields();
        while (fields.hasNext()) {
            var condition = fields.next();
            String actual = read(FieldPath.parse(condition.getKey()), current, segments);
            List<String> allowed = new ArrayList<>();
            if (condition.getValue().isArray()) {
                condition.getValue().forEach(v -> allowed.add(v.asText()));
            } else {
                allowed.add(condition.getValue().asText());
            }
            if (actual == null || !allowed.contains(actual)) {
                return false;
            }
        }
        return true;
    }

    private static String read(FieldPath path, Segment current, SegmentIndex segments) {
        Segment segment = current != null && current.getName().equals(path.segment()) ? current : segments.first(path.segment());
        return path.read(segment);
    }

    private static TextNode textOrNull(String s) {
        return s == null ? null : TextNode.valueOf(s);
    }

    private static List<Segment> singletonOrEmpty(Segment s) {
        return s == null ? List.of() : List.of(s);
    }

    /** Deterministic: the same feed and sender control id always give the same event id. */
    public static String eventId(EventSource source, int index) {
        String name = "hl7v2|" + source.feedId() + "|" + source.sendingApplication() + "|" + source.sendingFacility()
                + "|" + source.controlId() + "|" + index;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String eventId(String eventId, int resourceIndex) {
        return UUID.nameUUIDFromBytes((eventId + "#" + resourceIndex).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
