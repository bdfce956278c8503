package org.careledger.mappings.event;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.careledger.mappings.deid.DeidContext;
import org.careledger.mappings.deid.Deidentifier;
import org.careledger.mappings.deid.SecurityLabel;
import org.careledger.mappings.engine.ElementPath;
import org.careledger.mappings.engine.ElementRule;
import org.careledger.mappings.engine.FieldPath;
import org.careledger.mappings.engine.HL7Values;
import org.careledger.mappings.engine.Hl7Leaves;
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

    public static final String TOPIC_PREFIX = EventEnvelope.TOPIC_PREFIX;
    private static final FieldPath MESSAGE_TYPE = FieldPath.parse("MSH-9-1");
    private static final FieldPath TRIGGER = FieldPath.parse("MSH-9-2");
    /** Resources whose reference to the patient is not {@code subject} in FHIR R4. */
    private static final Map<String, String> PATIENT_ELEMENT = Map.of("Claim", "patient", "Immunization", "patient",
            "Coverage", "beneficiary");

    private final MappingCatalogue catalogue;
    private final Deidentifier deidentifier;
    private final PatientPseudonyms pseudonyms;

    public Hl7EventMapper(MappingCatalogue catalogue, Deidentifier deidentifier, PatientPseudonyms pseudonyms) {
        this.catalogue = catalogue;
        this.deidentifier = deidentifier;
        this.pseudonyms = pseudonyms;
    }

    public List<MappedEvent> map(Message message, EventSource source) throws MappingException {
        SegmentIndex segments = SegmentIndex.of(message);
        Segment msh = segments.first("MSH");
        String messageType = MESSAGE_TYPE.read(msh);
        String trigger = TRIGGER.read(msh);
        MessageMapping mapping = catalogue.forMessageType(messageType)
                .orElseThrow(() -> new MappingException("unmapped-message-type", "MSH-9.1: no mapping for this message type"));
        String eventType = trigger == null ? null : mapping.events().get(trigger);
        if (eventType == null) {
            throw new MappingException("unmapped-trigger-event", "MSH-9.2: no event type for this trigger event");
        }

        String publicId = publicIdAt(segments.first(mapping.patient()), mapping.patient(), 3);
        if (publicId == null) {
            throw new MappingException("no-patient-identifier", mapping.patient() + "-3.1: a patient identifier is required");
        }
        if (mapping.mergedPatient() != null && segments.first(mapping.mergedPatient()) != null) {
            String prior = publicIdAt(segments.first(mapping.mergedPatient()), mapping.mergedPatient(), 1);
            if (prior == null) {
                throw new MappingException("no-merged-patient-identifier", mapping.mergedPatient() + "-1.1: the merged patient's identifier is required");
            }
            pseudonyms.linkMerged(publicId, prior);
        }
        DeidContext context = new DeidContext(publicId, deidentifier.scrubber(knownIdentifiers(segments)), pseudonyms);
        String eventId = eventId(source, 0);
        ArrayNode entries = EventEnvelope.JSON.createArrayNode();
        int resourceIndex = 0;
        for (ResourceTemplate template : mapping.resources()) {
            List<Segment> sources = template.forEach() != null
                    ? segments.all(template.forEach())
                    : singletonOrEmpty(segments.first(template.segment()));
            for (Segment segment : sources) {
                if (!conditionHolds(template.when(), segment, segments)) {
                    continue;
                }
                ObjectNode resource = build(template, mapping, segment, segments, context, eventId, resourceIndex++);
                entries.addObject().set("resource", resource);
            }
        }
        return List.of(EventEnvelope.event(eventId, "urn:careledger:feed:" + source.feedId(), eventType,
                mapping.domainOf(trigger), publicId, entries, deidentifier.policy()));
    }

    /** The public ID for the CX in field {@code field} of {@code segment}, or null without an identifier. */
    private String publicIdAt(Segment segment, String name, int field) {
        String identifier = new FieldPath(name, field, 1, 1).read(segment);
        if (identifier == null) {
            return null;
        }
        String authority = new FieldPath(name, field, 4, 1).read(segment);
        return pseudonyms.publicId(authority == null ? "" : authority, identifier);
    }

    /** Every value the policy calls an identifier, from every occurrence of its segments: what free text is scrubbed of. */
    private Set<String> knownIdentifiers(SegmentIndex segments) {
        Set<String> known = new LinkedHashSet<>();
        for (String field : deidentifier.policy().hl7KnownIdentifiers()) {
            FieldPath path = FieldPath.parse(field);
            // SEG-field takes every component; SEG-field-component only that one (a street, not the state)
            boolean wholeField = field.chars().filter(c -> c == '-').count() == 1;
            for (Segment segment : segments.all(path.segment())) {
                if (wholeField) {
                    Hl7Leaves.collect(segment, path.field(), known);
                } else {
                    Hl7Leaves.collectComponent(segment, path.field(), path.component(), known);
                }
            }
        }
        return known;
    }

    private ObjectNode build(ResourceTemplate template, MessageMapping mapping, Segment current, SegmentIndex segments,
                             DeidContext context, String eventId, int index) {
        ObjectNode resource = EventEnvelope.JSON.createObjectNode();
        resource.put("resourceType", template.resourceType());
        Set<SecurityLabel> labels = EnumSet.noneOf(SecurityLabel.class);
        fill(resource, template.elements(), mapping, current, segments, 0);
        for (ResourceTemplate.RepeatTemplate repeat : template.repeats()) {
            ArrayNode array = resource.putArray(repeat.path());
            int position = 0;
            for (Segment occurrence : segments.all(repeat.forEach())) {
                ObjectNode entry = EventEnvelope.JSON.createObjectNode();
                fill(entry, repeat.elements(), mapping, occurrence, segments, ++position);
                if (!entry.isEmpty()) {
                    array.add(entry);
                }
            }
            if (array.isEmpty()) {
                resource.remove(repeat.path());
            }
        }
        // written last, over anything a mapping file put there: the de-identifier does not look at these
        // elements, so their content must come from the vault and the event, never from the message
        resource.remove(List.of("meta", "patient", "subject"));
        if ("Patient".equals(template.resourceType())) {
            resource.put("id", context.publicId());
            labels.add(SecurityLabel.PSEUDED);
        } else {
            resource.put("id", resourceId(eventId, index));
            resource.putObject(PATIENT_ELEMENT.getOrDefault(template.resourceType(), "subject"))
                    .put("reference", "Patient/" + context.publicId());
        }
        deidentifier.apply(resource, labels, context);
        return resource;
    }

    private void fill(ObjectNode target, Map<String, ElementRule> elements, MessageMapping mapping, Segment current,
                      SegmentIndex segments, int position) {
        for (Map.Entry<String, ElementRule> element : elements.entrySet()) {
            JsonNode value = value(element.getValue(), mapping, current, segments, position);
            if (value != null) {
                ElementPath.parse(element.getKey()).set(target, value);
            }
        }
    }

    private JsonNode value(ElementRule rule, MessageMapping mapping, Segment current, SegmentIndex segments, int position) {
        if (!conditionHolds(rule.when(), current, segments)) {
            return null;
        }
        String type = rule.type() == null ? "string" : rule.type();
        if (type.equals("sequence")) {
            return IntNode.valueOf(position);
        }
        if (type.equals("patientReference")) {
            FieldPath path = FieldPath.parse(rule.from());
            String publicId = publicIdAt(segmentFor(path, current, segments), path.segment(), path.field());
            return publicId == null ? null : EventEnvelope.JSON.createObjectNode().put("reference", "Patient/" + publicId);
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
        return switch (type) {
            case "date" -> textOrNull(HL7Values.date(raw));
            case "boolean" -> raw.equals("true") || raw.equals("false") ? BooleanNode.valueOf(raw.equals("true")) : null;
            case "dateTime" -> textOrNull(HL7Values.dateTime(raw));
            case "decimal", "integer" -> {
                BigDecimal d = HL7Values.decimal(raw);
                if (d == null) {
                    yield null;
                }
                if (type.equals("integer")) {
                    yield d.stripTrailingZeros().scale() <= 0 ? BigIntegerNode.valueOf(d.toBigInteger()) : null;
                }
                yield DecimalNode.valueOf(d);
            }
            default -> TextNode.valueOf(HL7Values.decodeHexEscapes(raw));
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

    private static Segment segmentFor(FieldPath path, Segment current, SegmentIndex segments) {
        return segments.nearest(path.segment(), current);
    }

    private static String read(FieldPath path, Segment current, SegmentIndex segments) {
        return path.read(segmentFor(path, current, segments));
    }

    private static TextNode textOrNull(String s) {
        return s == null ? null : TextNode.valueOf(s);
    }

    private static List<Segment> singletonOrEmpty(Segment s) {
        return s == null ? List.of() : List.of(s);
    }

    /** Deterministic: the same feed, sender key and content always give the same event id. */
    public static String eventId(EventSource source, int index) {
        String digest = source.contentDigest() == null || source.contentDigest().isEmpty() ? "" : source.contentDigest() + "|";
        String name = "hl7v2|" + source.feedId() + "|" + source.sendingApplication() + "|" + source.sendingFacility()
                + "|" + source.controlId() + "|" + digest + index;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String resourceId(String eventId, int resourceIndex) {
        return UUID.nameUUIDFromBytes((eventId + "#" + resourceIndex).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
