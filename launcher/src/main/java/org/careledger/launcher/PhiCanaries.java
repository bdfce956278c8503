package org.careledger.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.connectors.hl7.Hl7Parsing;

/**
 * The identifiers planted in a feed, read from the messages themselves: names (patients and next of
 * kin), MRNs, dates of birth in HL7 and ISO form, phone numbers and street addresses. A scan looks for
 * each as text and as the hex of its bytes (how it would appear in calldata).
 */
public final class PhiCanaries {

    private final Set<String> values;

    private PhiCanaries(Set<String> values) {
        this.values = values;
    }

    public static PhiCanaries from(List<String> messages) throws Exception {
        Set<String> values = new LinkedHashSet<>();
        try (HapiContext hapi = Hl7Parsing.newContext()) {
            for (String er7 : messages) {
                Message message = Hl7Parsing.parse(hapi, er7);
                Terser terser = new Terser(message);
                Segment pid = terser.getSegment("/.PID");
                add(values, Terser.get(pid, 3, 0, 1, 1));
                add(values, Terser.get(pid, 5, 0, 1, 1));
                add(values, Terser.get(pid, 5, 0, 2, 1));
                String dob = Terser.get(pid, 7, 0, 1, 1);
                add(values, dob);
                if (dob != null && dob.length() >= 8) {
                    add(values, dob.substring(0, 4) + "-" + dob.substring(4, 6) + "-" + dob.substring(6, 8));
                }
                add(values, Terser.get(pid, 11, 0, 1, 1));
                add(values, Terser.get(pid, 11, 0, 3, 1));
                add(values, Terser.get(pid, 13, 0, 1, 1));
                add(values, Terser.get(pid, 19, 0, 1, 1));
                optional(terser, "/.NK1", nk1 -> add(values, Terser.get(nk1, 2, 0, 2, 1)));
                // a charge's insurance: the insured's policy and member numbers, and the guarantor's name
                optional(terser, "/.IN1", in1 -> {
                    add(values, Terser.get(in1, 36, 0, 1, 1));
                    add(values, Terser.get(in1, 49, 0, 1, 1));
                });
                optional(terser, "/.GT1", gt1 -> add(values, Terser.get(gt1, 3, 0, 1, 1)));
            }
        }
        return new PhiCanaries(values);
    }

    /** These canaries and the identifiers FHIR claims carry: the claim's own numbers and the patient's identifier. */
    public PhiCanaries withFhirClaims(List<String> claims) throws IOException {
        Set<String> more = new LinkedHashSet<>(values);
        ObjectMapper json = new ObjectMapper();
        for (String claim : claims) {
            JsonNode node = json.readTree(claim);
            node.path("identifier").forEach(id -> add(more, id.path("value").asText(null)));
            add(more, node.at("/patient/identifier/value").asText(null));
        }
        return new PhiCanaries(more);
    }

    private interface SegmentUse {
        void accept(Segment segment) throws Exception;
    }

    /** Reads a segment that not every message has (NK1, IN1, GT1). */
    private static void optional(Terser terser, String path, SegmentUse use) {
        try {
            use.accept(terser.getSegment(path));
        } catch (Exception absent) {
            // the message has no such segment
        }
    }

    private static void add(Set<String> values, String value) {
        // very short values would match by chance (two-letter states, single digits)
        if (value != null && value.trim().length() >= 5) {
            values.add(value.trim());
        }
    }

    public int size() {
        return values.size();
    }

    /** Each canary found in {@code haystack}, as text (case-insensitive) or as the hex of its UTF-8 bytes. */
    public List<String> foundIn(String haystack) {
        String lower = haystack.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (String canary : values) {
            String hex = java.util.HexFormat.of().formatHex(canary.getBytes(StandardCharsets.UTF_8));
            if (lower.contains(canary.toLowerCase(Locale.ROOT)) || lower.contains(hex)) {
                found.add(canary);
            }
        }
        return found;
    }
}
