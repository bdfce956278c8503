package org.careledger.mappings.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.careledger.mappings.deid.DeidContext;
import org.careledger.mappings.deid.Deidentifier;
import org.careledger.mappings.deid.FreeTextScrubber;
import org.careledger.mappings.deid.SecurityLabel;
import org.careledger.mappings.engine.FhirMappings;
import org.careledger.mappings.engine.MappingException;
import org.careledger.mappings.engine.PatientPseudonyms;

/**
 * Turns a FHIR R4 resource or Bundle (JSON) into de-identified CloudEvents of the same catalogue as
 * the HL7 v2 mapper: one event per resource of a mapped type, its {@code data} a collection Bundle
 * holding that resource. The patient comes from the Bundle's Patient resources (first identifier);
 * a reference to a Patient outside the input is pseudonymised by the reference itself, per feed.
 * Every id, meta and reference from the input is replaced: server ids can be MRNs.
 */
public final class FhirEventMapper {

    private final FhirMappings mappings;
    private final Deidentifier deidentifier;
    private final PatientPseudonyms pseudonyms;

    public FhirEventMapper(FhirMappings mappings, Deidentifier deidentifier, PatientPseudonyms pseudonyms) {
        this.mappings = mappings;
        this.deidentifier = deidentifier;
        this.pseudonyms = pseudonyms;
    }

    public List<MappedEvent> map(byte[] json, String feedId) throws MappingException {
        JsonNode root;
        try {
            // a UTF-8 byte-order mark is how some Windows tools start a file; it is not JSON
            boolean bom = json.length >= 3 && (json[0] & 0xff) == 0xEF && (json[1] & 0xff) == 0xBB && (json[2] & 0xff) == 0xBF;
            root = bom ? EventEnvelope.JSON.readTree(json, 3, json.length - 3) : EventEnvelope.JSON.readTree(json);
        } catch (IOException e) {
            throw new MappingException("parse-error", "body: not FHIR JSON");
        }
        if (root == null || !root.isObject() || !root.path("resourceType").isTextual()) {
            throw new MappingException("parse-error", "resourceType: missing");
        }
        List<JsonNode> resources = new ArrayList<>();
        Map<String, JsonNode> patientsByReference = new HashMap<>();
        collect(root, null, resources, patientsByReference);

        Set<String> known = knownIdentifiers(patientsByReference.values());
        for (JsonNode resource : resources) {
            // a reference's display is how senders name the patient when the Patient is not in the input
            FhirMappings.ResourceEvent mapping = mappings.resources().get(resource.path("resourceType").asText());
            JsonNode display = mapping == null || mapping.patient() == null ? null : resource.path(mapping.patient()).path("display");
            if (display != null && display.isTextual() && !display.asText().isBlank()) {
                known.add(display.asText().trim());
                known.addAll(List.of(display.asText().trim().split("[\\s,]+")));
            }
        }
        FreeTextScrubber scrubber = deidentifier.scrubber(known);
        List<MappedEvent> events = new ArrayList<>();
        for (JsonNode resource : resources) {
            String type = resource.path("resourceType").asText();
            FhirMappings.ResourceEvent mapping = mappings.resources().get(type);
            if (mapping == null) {
                continue;
            }
            String publicId = type.equals("Patient") ? patientPublicId(resource, feedId)
                    : resource.has(mapping.patient()) || soleProvidedPatient(patientsByReference) == null
                    ? referencedPatient(resource.get(mapping.patient()), patientsByReference, feedId, type + "." + mapping.patient())
                    : patientPublicId(soleProvidedPatient(patientsByReference), feedId);
            String eventId = eventId(feedId, resource);
            ObjectNode copy = ((ObjectNode) resource).deepCopy();
            Set<SecurityLabel> labels = EnumSet.noneOf(SecurityLabel.class);
            copy.remove("meta");
            if (type.equals("Patient")) {
                copy.put("id", publicId);
                labels.add(SecurityLabel.PSEUDED);
            } else {
                copy.put("id", Hl7EventMapper.resourceId(eventId, 0));
                copy.remove(mapping.patient());
                // the mapper writes the patient reference; subject and patient are never read from input
                copy.remove("subject");
                copy.remove("patient");
                copy.putObject(mapping.patient()).put("reference", "Patient/" + publicId);
                labels.add(SecurityLabel.PSEUDED);
            }
            deidentifier.apply(copy, labels, new DeidContext(publicId, scrubber, pseudonyms));
            ArrayNode entries = EventEnvelope.JSON.createArrayNode();
            entries.addObject().set("resource", copy);
            events.add(EventEnvelope.event(eventId, "urn:careledger:feed:" + feedId, mapping.event(), mapping.domain(),
                    publicId, entries, deidentifier.policy()));
        }
        if (events.isEmpty()) {
            throw new MappingException("no-mapped-resources", "resourceType: no resource of a mapped type");
        }
        return events;
    }

    private static void collect(JsonNode node, String fullUrl, List<JsonNode> resources, Map<String, JsonNode> patients)
            throws MappingException {
        String type = node.path("resourceType").asText();
        if (type.equals("Bundle")) {
            for (JsonNode entry : node.path("entry")) {
                JsonNode resource = entry.path("resource");
                if (resource.isObject() && resource.path("resourceType").isTextual()) {
                    collect(resource, entry.path("fullUrl").asText(null), resources, patients);
                }
            }
            return;
        }
        resources.add(node);
        if (type.equals("Patient")) {
            if (node.path("id").isTextual()) {
                patients.put("Patient/" + node.get("id").asText(), node);
            }
            if (fullUrl != null) {
                patients.put(fullUrl, node);
            }
        }
    }

    /**
     * The one Patient the input carries, when there is exactly one: a document-style Bundle (a C-CDA
     * conversion) leaves the patient implicit in resources about them. With none or several, a
     * resource must say whose it is.
     */
    private static JsonNode soleProvidedPatient(Map<String, JsonNode> patients) {
        Set<JsonNode> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(patients.values());
        return distinct.size() == 1 ? distinct.iterator().next() : null;
    }

    /** The Patient's first identifier with a value; else its id, which is an identifier of its server. */
    private String patientPublicId(JsonNode patient, String feedId) throws MappingException {
        for (JsonNode identifier : patient.path("identifier")) {
            String value = identifier.path("value").asText("");
            if (!value.isBlank()) {
                return pseudonyms.publicId(identifier.path("system").asText(""), value);
            }
        }
        String id = patient.path("id").asText("");
        if (!id.isBlank()) {
            return pseudonyms.publicId("urn:careledger:fhir:" + feedId + ":Patient", id);
        }
        throw new MappingException("no-patient-identifier", "Patient.identifier: a patient identifier or id is required");
    }

    private String referencedPatient(JsonNode reference, Map<String, JsonNode> patients, String feedId, String where)
            throws MappingException {
        if (reference != null && reference.isArray()) {
            reference = reference.path(0);
        }
        if (reference == null || !reference.isObject()) {
            throw new MappingException("no-patient-reference", where + ": a reference to the patient is required");
        }
        String ref = reference.path("reference").asText("");
        JsonNode inBundle = patients.get(ref);
        if (inBundle != null) {
            return patientPublicId(inBundle, feedId);
        }
        JsonNode identifier = reference.path("identifier");
        if (!identifier.path("value").asText("").isBlank()) {
            return pseudonyms.publicId(identifier.path("system").asText(""), identifier.get("value").asText());
        }
        if (ref.startsWith("Patient/") && ref.length() > "Patient/".length()) {
            return pseudonyms.publicId("urn:careledger:fhir:" + feedId + ":Patient", ref.substring("Patient/".length()));
        }
        if (ref.startsWith("urn:uuid:") || ref.contains("/Patient/")) {
            // a sender's own stable reference to a Patient it did not include
            return pseudonyms.publicId("urn:careledger:fhir:" + feedId + ":reference", ref);
        }
        throw new MappingException("no-patient-reference", where + ": the reference does not resolve to a patient");
    }

    private Set<String> knownIdentifiers(Iterable<JsonNode> patients) {
        Set<String> known = new LinkedHashSet<>();
        Set<JsonNode> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (JsonNode patient : patients) {
            if (!seen.add(patient)) {
                continue;
            }
            for (String path : deidentifier.policy().fhirKnownIdentifiers()) {
                String[] steps = path.split("\\.");
                if (steps[0].equals(patient.path("resourceType").asText())) {
                    leaves(patient, steps, 1, known);
                }
            }
        }
        return known;
    }

    private static void leaves(JsonNode node, String[] steps, int at, Set<String> out) {
        if (node.isArray()) {
            node.forEach(item -> leaves(item, steps, at, out));
        } else if (at < steps.length) {
            JsonNode next = node.get(steps[at]);
            if (next != null) {
                leaves(next, steps, at + 1, out);
            }
        } else if (node.isObject()) {
            node.forEach(child -> leaves(child, steps, at, out));
        } else if (node.isValueNode() && !node.asText().isBlank()) {
            out.add(node.asText().trim());
        }
    }

    /**
     * The event id of one resource posted as these bytes, read as {@link #map} reads them: decimals
     * as written, so {@code 250.00} and {@code 250.0} are different content.
     */
    public static String eventId(String feedId, byte[] resourceJson) throws IOException {
        return eventId(feedId, EventEnvelope.JSON.readTree(resourceJson));
    }

    /** Deterministic: the same resource content from the same feed always gives the same id. */
    public static String eventId(String feedId, JsonNode resource) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(EventEnvelope.JSON.writeValueAsBytes(resource));
            String name = "fhir|" + feedId + "|" + resource.path("resourceType").asText() + "|" + HexFormat.of().formatHex(digest);
            return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
