package org.careledger.mappings.deid;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.careledger.mappings.engine.FieldPath;
import org.careledger.mappings.engine.InvalidMappingException;

/**
 * A de-identification policy, read from YAML: per FHIR element path (without indices; {@code *.}
 * matches any resource type) the method applied. Elements with no rule are removed. The policy also
 * says where a message's own identifiers are (so free text can be scrubbed of them) and which
 * patterns free text is scrubbed of.
 *
 * @param hl7KnownIdentifiers HL7 fields (SEG-field) whose every component, in every repetition and
 *                            every occurrence of the segment, is an identifier of someone in the message
 * @param fhirKnownIdentifiers FHIR paths whose every string leaf is one
 */
public record DeidPolicy(String name, String version, Map<String, DeidRule> rules, Set<String> restrictedZip3,
                         List<String> hl7KnownIdentifiers, List<String> fhirKnownIdentifiers,
                         Map<String, Pattern> freeTextPatterns, int dateShiftRangeDays) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("name", "version", "rules", "restrictedZip3", "hl7KnownIdentifiers",
            "fhirKnownIdentifiers", "freeTextPatterns", "dateShiftRangeDays");

    /** A policy with rules only, for tests and embedding. */
    public static DeidPolicy of(String name, Map<String, String> rules) {
        Map<String, DeidRule> parsed = new LinkedHashMap<>();
        rules.forEach((path, method) -> parsed.put(path, DeidRule.of(DeidMethod.named(method).orElseThrow())));
        return new DeidPolicy(name, "1", parsed, Set.of(), List.of(), List.of(), Map.of(), 50);
    }

    public static DeidPolicy safeHarbor() {
        try (InputStream in = DeidPolicy.class.getClassLoader().getResourceAsStream("careledger/policies/safe-harbor.yml")) {
            return read("safe-harbor.yml", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The policy file given, or Safe Harbor when none is. */
    public static DeidPolicy load(Optional<Path> file) {
        if (file.isEmpty()) {
            return safeHarbor();
        }
        try (InputStream in = Files.newInputStream(file.get())) {
            return read(file.get().toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeidPolicy read(String file, InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidMappingException(file, e.getLocation() == null ? -1 : e.getLocation().getLineNr(), e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidMappingException(file, 1, "a policy is a YAML mapping with name, version and rules");
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new InvalidMappingException(file, lineOf(text, key), "unknown key '" + key + "'");
            }
        });
        if (!root.path("name").isTextual() || root.path("version").isMissingNode() || !root.path("rules").isObject()) {
            throw new InvalidMappingException(file, -1, "name, version and rules are required");
        }
        Map<String, DeidRule> rules = new LinkedHashMap<>();
        root.get("rules").fields().forEachRemaining(e -> rules.put(e.getKey(), rule(file, text, e.getKey(), e.getValue())));
        List<String> hl7Known = strings(root.path("hl7KnownIdentifiers"));
        for (String field : hl7Known) {
            try {
                FieldPath.parse(field);
            } catch (IllegalArgumentException bad) {
                throw new InvalidMappingException(file, lineOf(text, "- " + field), "hl7KnownIdentifiers: " + bad.getMessage());
            }
        }
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        root.path("freeTextPatterns").fields().forEachRemaining(e -> {
            try {
                patterns.put(e.getKey(), Pattern.compile(e.getValue().asText(), Pattern.CASE_INSENSITIVE));
            } catch (PatternSyntaxException bad) {
                throw new InvalidMappingException(file, lineOf(text, e.getKey()),
                        "freeTextPatterns." + e.getKey() + ": not a regular expression (" + bad.getDescription() + ")");
            }
        });
        return new DeidPolicy(root.get("name").asText(), root.get("version").asText(), rules,
                Set.copyOf(strings(root.path("restrictedZip3"))), hl7Known, strings(root.path("fhirKnownIdentifiers")),
                patterns, root.path("dateShiftRangeDays").asInt(50));
    }

    private static DeidRule rule(String file, String text, String path, JsonNode spec) {
        String methodName = spec.isTextual() ? spec.asText() : spec.path("method").asText(null);
        DeidMethod method = DeidMethod.named(methodName).orElseThrow(() -> new InvalidMappingException(file, lineOf(text, path),
                "rules." + path + ": unknown method '" + methodName + "', expected one of " + methodNames()));
        if (method == DeidMethod.SUBSTITUTE && !spec.has("value")) {
            throw new InvalidMappingException(file, lineOf(text, path), "rules." + path + ": substitute needs a value");
        }
        return new DeidRule(method, spec.get("value"));
    }

    private static List<String> methodNames() {
        return java.util.Arrays.stream(DeidMethod.values()).map(DeidMethod::policyName).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static int lineOf(String text, String key) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.startsWith(key + ":") || line.startsWith("\"" + key + "\":") || line.equals(key)) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The rule for a path such as {@code Patient.address.city}: the resource type's own, else the {@code *.} one. */
    public DeidRule ruleFor(String resourceType, String elementPath) {
        DeidRule own = rules.get(resourceType + "." + elementPath);
        return own != null ? own : rules.get("*." + elementPath);
    }
}
