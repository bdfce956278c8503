package org.careledger.mappings.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * All message mappings, by MSH-9.1. Built-in mappings ship in this jar; files in an override folder
 * ({@code message/*.yml}) replace built-ins for the same message type or add new ones, without a
 * rebuild. A broken file is refused at load with its name, line and reason.
 */
public final class MappingCatalogue {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String BUILT_IN = "careledger/mappings/message/";
    private static final List<String> BUILT_IN_FILES = List.of("ADT.yml", "ORU.yml");
    private static final Set<String> TYPES = Set.of("string", "date", "dateTime", "decimal");

    private final Map<String, MessageMapping> byMessage;

    private MappingCatalogue(Map<String, MessageMapping> byMessage) {
        this.byMessage = Map.copyOf(byMessage);
    }

    public static MappingCatalogue builtIn() {
        return load(Optional.empty());
    }

    /** Built-ins, then every {@code message/*.yml} under {@code overrideDir} when given. */
    public static MappingCatalogue load(Optional<Path> overrideDir) {
        Map<String, MessageMapping> mappings = new HashMap<>();
        for (String file : BUILT_IN_FILES) {
            try (InputStream in = MappingCatalogue.class.getClassLoader().getResourceAsStream(BUILT_IN + file)) {
                if (in == null) {
                    throw new IllegalStateException("built-in mapping missing from the jar: " + file);
                }
                add(mappings, file, in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (overrideDir.isPresent()) {
            Path dir = overrideDir.get().resolve("message");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList()) {
                        try (InputStream in = Files.newInputStream(file)) {
                            add(mappings, file.toString(), in);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new MappingCatalogue(mappings);
    }

    private static void add(Map<String, MessageMapping> mappings, String file, InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        MessageMapping mapping;
        try {
            mapping = YAML.readValue(text, MessageMapping.class);
        } catch (UnrecognizedPropertyException e) {
            // records are read through their constructor, so Jackson reports the end of the
            // object; the key's own line is what an engineer needs
            throw new InvalidMappingException(file, lineOfKey(text, e.getPropertyName()), "unknown key '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidMappingException(file, at == null ? -1 : at.getLineNr(), e.getOriginalMessage());
        }
        validate(file, mapping);
        mappings.put(mapping.message(), mapping);
    }

    private static int lineOfKey(String text, String key) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].trim().startsWith(key + ":")) {
                return i + 1;
            }
        }
        return -1;
    }

    static void validate(String file, MessageMapping m) {
        require(file, m.message() != null && m.message().matches("[A-Z][A-Z0-9]{2}"), "message: a three-letter HL7 message type is required");
        require(file, m.domain() != null && m.domain().matches("[a-z][a-z0-9-]*"), "domain: a lower-case domain name is required");
        require(file, m.events() != null && !m.events().isEmpty(), "events: at least one trigger event is required");
        require(file, m.patient() != null, "patient: the segment identifying the patient is required");
        require(file, m.resources() != null && !m.resources().isEmpty(), "resources: at least one resource is required");
        Map<String, Map<String, String>> tables = m.tables() == null ? Map.of() : m.tables();
        for (int r = 0; r < m.resources().size(); r++) {
            ResourceTemplate t = m.resources().get(r);
            String where = "resources[" + r + "]";
            require(file, t.resourceType() != null, where + ".resourceType is required");
            require(file, (t.segment() == null) != (t.forEach() == null), where + ": exactly one of segment and forEach is required");
            require(file, t.elements() != null && !t.elements().isEmpty(), where + ".elements: at least one element is required");
            for (Map.Entry<String, ElementRule> e : t.elements().entrySet()) {
                String at = where + ".elements." + e.getKey();
                ElementRule rule = e.getValue();
                require(file, rule != null && (rule.from() == null) != (rule.value() == null), at + ": exactly one of from and value is required");
                try {
                    if (rule.from() != null) {
                        FieldPath.parse(rule.from());
                    }
                    for (String path : conditionPaths(rule.when())) {
                        FieldPath.parse(path);
                    }
                } catch (IllegalArgumentException bad) {
                    throw new InvalidMappingException(file, -1, at + ": " + bad.getMessage());
                }
                require(file, rule.type() == null || TYPES.contains(rule.type()), at + ".type must be one of " + TYPES);
                require(file, rule.table() == null || tables.containsKey(rule.table()), at + ".table: no table named " + rule.table());
                try {
                    ElementPath.parse(e.getKey());
                } catch (IllegalArgumentException bad) {
                    throw new InvalidMappingException(file, -1, at + ": " + bad.getMessage());
                }
            }
        }
    }

    static List<String> conditionPaths(JsonNode when) {
        if (when == null || when.isNull()) {
            return List.of();
        }
        if (when.isTextual()) {
            return List.of(when.asText());
        }
        return Stream.of(when.fieldNames()).flatMap(it -> {
            List<String> names = new java.util.ArrayList<>();
            it.forEachRemaining(names::add);
            return names.stream();
        }).toList();
    }

    private static void require(String file, boolean condition, String reason) {
        if (!condition) {
            throw new InvalidMappingException(file, -1, reason);
        }
    }

    public Optional<MessageMapping> forMessageType(String messageType) {
        return Optional.ofNullable(byMessage.get(messageType));
    }

    public Set<String> messageTypes() {
        return byMessage.keySet();
    }

    /** The event domains the mappings publish to; each is one topic. */
    public Set<String> domains() {
        return byMessage.values().stream().map(MessageMapping::domain).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
