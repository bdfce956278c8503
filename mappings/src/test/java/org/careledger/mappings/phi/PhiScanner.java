package org.careledger.mappings.phi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Knows the identifiers an input carries and finds them in any output. It reads the input on its own
 * terms (raw ER7 split by delimiters, or FHIR JSON by element name), not through the mapper's code, so
 * a field the mapper forgets is still a field the scanner knows. Each identifier is remembered with
 * where it came from ({@code PID-5.1}), which is what a leak report prints: never the value.
 */
public final class PhiScanner {

    /** HL7 fields holding identifiers, and which components of each (empty: all). */
    private static final Map<String, int[]> HL7_FIELDS = new LinkedHashMap<>();

    static {
        int[] cx = {1};
        int[] xpn = {1, 2, 3};
        int[] xad = {1, 2, 3, 5};
        int[] xtn = {1, 4, 7};
        for (String f : new String[] {"PID-2", "PID-3", "PID-4", "PID-18", "PID-20", "PID-21", "MRG-1", "MRG-2", "MRG-3", "MRG-4",
                "MRG-5", "PV1-19", "GT1-2", "IN1-36", "IN1-49", "IN2-1", "IN2-6", "IN2-8"}) {
            HL7_FIELDS.put(f, cx);
        }
        for (String f : new String[] {"PID-5", "PID-6", "PID-9", "NK1-2", "GT1-3", "IN1-16", "MRG-7"}) {
            HL7_FIELDS.put(f, xpn);
        }
        for (String f : new String[] {"PID-11", "NK1-4", "GT1-5", "IN1-19"}) {
            HL7_FIELDS.put(f, xad);
        }
        for (String f : new String[] {"PID-13", "PID-14", "NK1-5", "NK1-6", "GT1-6", "GT1-7"}) {
            HL7_FIELDS.put(f, xtn);
        }
        for (String f : new String[] {"PID-19", "GT1-12", "IN2-2"}) {
            HL7_FIELDS.put(f, new int[0]);
        }
        HL7_FIELDS.put("PID-7", new int[] {1});
    }

    private static final Pattern MEANINGFUL = Pattern.compile(".*[\\p{L}\\p{N}]{2}.*");

    private final Map<String, String> canaries = new LinkedHashMap<>();

    public static PhiScanner ofHl7(String er7) {
        PhiScanner scanner = new PhiScanner();
        String text = er7.startsWith("\uFEFF") ? er7.substring(1) : er7;
        for (String segment : text.split("\r\n|\r|\n")) {
            if (segment.length() < 4) {
                continue;
            }
            String name = segment.substring(0, 3);
            String[] fields = segment.split("\\|", -1);
            for (Map.Entry<String, int[]> wanted : HL7_FIELDS.entrySet()) {
                if (!wanted.getKey().startsWith(name + "-")) {
                    continue;
                }
                int field = Integer.parseInt(wanted.getKey().substring(4));
                if (field >= fields.length) {
                    continue;
                }
                for (String repetition : fields[field].split("~", -1)) {
                    String[] components = repetition.split("\\^", -1);
                    for (int c = 1; c <= components.length; c++) {
                        if (wanted.getValue().length == 0 || contains(wanted.getValue(), c)) {
                            for (String sub : components[c - 1].split("&", -1)) {
                                scanner.add(sub, wanted.getKey() + "." + c);
                            }
                        }
                    }
                }
                if (wanted.getKey().equals("PID-7") && fields[field].length() >= 8) {
                    String dob = fields[field];
                    scanner.add(dob.substring(0, 8), "PID-7 (HL7 date)");
                    scanner.add(dob.substring(0, 4) + "-" + dob.substring(4, 6) + "-" + dob.substring(6, 8), "PID-7 (ISO date)");
                }
            }
        }
        return scanner;
    }

    public static PhiScanner ofFhir(JsonNode root) {
        PhiScanner scanner = new PhiScanner();
        scanner.walkFhir(root);
        return scanner;
    }

    private void walkFhir(JsonNode node) {
        if (node.isArray()) {
            node.forEach(this::walkFhir);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = node.path("resourceType").asText("");
        if (type.equals("Patient") || type.equals("RelatedPerson")) {
            for (String element : new String[] {"identifier", "name", "telecom", "address", "contact"}) {
                leaves(node.path(element), type + "." + element);
            }
            String birthDate = node.path("birthDate").asText("");
            if (birthDate.length() == 10) {
                add(birthDate, type + ".birthDate");
            }
        }
        for (String reference : new String[] {"subject", "patient", "beneficiary"}) {
            String display = node.path(reference).path("display").asText("");
            add(display, type + "." + reference + ".display");
            for (String part : display.split("[\\s,]+")) {
                add(part, type + "." + reference + ".display");
            }
        }
        node.forEach(this::walkFhir);
    }

    private void leaves(JsonNode node, String where) {
        if (node.isContainerNode()) {
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("state") && !e.getKey().equals("country") && !e.getKey().equals("use")
                        && !e.getKey().equals("system") && !e.getKey().equals("type") && !e.getKey().equals("period")) {
                    leaves(e.getValue(), where + "." + e.getKey());
                }
            });
            if (node.isArray()) {
                node.forEach(item -> leaves(item, where));
            }
        } else if (node.isTextual()) {
            add(node.asText(), where);
        }
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** Values of four characters or fewer match by chance (initials, "MR", "USA"), so they are not canaries. */
    private void add(String raw, String where) {
        String value = raw == null ? "" : raw.trim();
        // public samples already masked some values with the word REDACTED, which is also our own mark
        if (value.length() >= 5 && MEANINGFUL.matcher(value).matches() && !value.contains("\\")
                && !value.equalsIgnoreCase("redacted")) {
            canaries.putIfAbsent(value.toLowerCase(Locale.ROOT), where);
        }
    }

    public int size() {
        return canaries.size();
    }

    /** All the identifiers of several inputs, for scanning one output (a log file, a topic) against them all. */
    public static PhiScanner union(Iterable<PhiScanner> scanners) {
        PhiScanner all = new PhiScanner();
        scanners.forEach(s -> s.canaries.forEach(all.canaries::putIfAbsent));
        return all;
    }

    private Map<String, List<String>> byPrefix;

    /**
     * Where the first canary found in {@code output} came from, if any is found. One pass over the text
     * with an index of the canaries by their first four characters, so a log file of megabytes is
     * scanned against thousands of canaries in well under a second.
     */
    public Optional<String> firstLeakIn(String output) {
        if (byPrefix == null) {
            byPrefix = new java.util.HashMap<>();
            canaries.keySet().forEach(c -> byPrefix.computeIfAbsent(c.substring(0, 4), k -> new ArrayList<>()).add(c));
        }
        String lower = output.toLowerCase(Locale.ROOT);
        for (int at = 0; at + 4 <= lower.length(); at++) {
            List<String> candidates = byPrefix.get(lower.substring(at, at + 4));
            if (candidates == null || (at > 0 && Character.isLetterOrDigit(lower.charAt(at - 1)))) {
                continue;
            }
            for (String canary : candidates) {
                int end = at + canary.length();
                if (lower.startsWith(canary, at) && (end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end)))) {
                    return Optional.of(canaries.get(canary));
                }
            }
        }
        return Optional.empty();
    }

    /** Every JSON pointer in {@code json} whose value holds a canary, with the canary's source. */
    public List<String> leaksIn(JsonNode json) {
        List<String> found = new ArrayList<>();
        walk(json, "", found);
        return found;
    }

    private void walk(JsonNode node, String pointer, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), pointer + "/" + e.getKey(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, found);
            }
        } else {
            firstLeakIn(node.asText()).ifPresent(source -> found.add(source + " at " + pointer));
        }
    }
}
