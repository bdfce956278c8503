package org.careledger.mappings.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * All message mappings, by MSH-9.1, with the segment maps ({@code segment/*.yml}) and datatype maps
 * ({@code datatype/*.yml}) they use resolved. Built-in files ship in this jar; files in an override
 * folder replace built-ins of the same name or add new ones, without a rebuild. A broken file is
 * refused at load with its name, line and reason.
 */
public final class MappingCatalogue {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String BUILT_IN = "careledger/mappings/";
    private static final List<String> BUILT_IN_MESSAGES = List.of("ADT", "ORU", "ORM", "OML", "RDE", "RDS", "VXU", "SIU", "MDM", "DFT", "BAR");
    private static final List<String> BUILT_IN_SEGMENTS = List.of("PID", "PV1", "OBX", "DG1", "IN1", "PR1");
    private static final List<String> BUILT_IN_DATATYPES = List.of("CWE", "CX", "XPN", "XAD", "XTN", "MO");
    /** Element types; {@code sequence} (the 1-based position in a repeat) takes neither {@code from} nor {@code value}. */
    private static final Set<String> TYPES = Set.of("string", "date", "dateTime", "decimal", "integer", "boolean", "sequence", "patientReference");

    private final Map<String, MessageMapping> byMessage;

    private MappingCatalogue(Map<String, MessageMapping> byMessage) {
        this.byMessage = Map.copyOf(byMessage);
    }

    public static MappingCatalogue builtIn() {
        return load(Optional.empty());
    }

    /** Built-ins, then every {@code message/}, {@code segment/} and {@code datatype/} file under {@code overrideDir} when given. */
    public static MappingCatalogue load(Optional<Path> overrideDir) {
        Map<String, DatatypeMap> datatypes = new HashMap<>();
        readAllWithFiles("datatype", BUILT_IN_DATATYPES, overrideDir, DatatypeMap.class, DatatypeMap::datatype).forEach((name, source) -> {
            validateDatatype(source.file(), source.value());
            datatypes.put(name, source.value());
        });
        Map<String, Source<SegmentMap>> segmentFiles = readAllWithFiles("segment", BUILT_IN_SEGMENTS, overrideDir, SegmentMap.class, SegmentMap::segment);
        Map<String, SegmentMap> segments = new HashMap<>();
        segmentFiles.forEach((name, source) -> segments.put(name, source.value()));
        Map<String, MessageMapping> messages = new HashMap<>();
        for (Source<SegmentMap> source : segmentFiles.values()) {
            // a segment map is checked on its own, as if a message used it alone
            SegmentMap map = source.value();
            require(source.file(), map.segment() != null && map.resourceType() != null, "segment and resourceType are required");
            expand(source.file(), new MessageMapping("ZZZ", "check", Map.of("X", "x"), null, map.segment(), null,
                    List.of(new ResourceTemplate(map.segment(), null, null, null, null, null, null)), null), segments, datatypes);
        }
        readAllWithFiles("message", BUILT_IN_MESSAGES, overrideDir, MessageMapping.class, MessageMapping::message)
                .forEach((name, source) -> messages.put(name, expand(source.file(), source.value(), segments, datatypes)));
        return new MappingCatalogue(messages);
    }

    private record Source<T>(String file, T value) {
    }

    private static <T> Map<String, Source<T>> readAllWithFiles(String kind, List<String> builtIns, Optional<Path> overrideDir,
                                                              Class<T> type, Function<T, String> key) {
        Map<String, Source<T>> out = new LinkedHashMap<>();
        for (String name : builtIns) {
            String resource = BUILT_IN + kind + "/" + name + ".yml";
            try (InputStream in = MappingCatalogue.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in mapping missing from the jar: " + resource);
                }
                put(out, kind + "/" + name + ".yml", read(kind + "/" + name + ".yml", in, type), key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (overrideDir.isPresent() && Files.isDirectory(overrideDir.get().resolve(kind))) {
            try (Stream<Path> files = Files.list(overrideDir.get().resolve(kind))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        put(out, file.toString(), read(file.toString(), in, type), key);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static <T> void put(Map<String, Source<T>> out, String file, T value, Function<T, String> key) {
        String name = key.apply(value);
        if (name == null) {
            throw new InvalidMappingException(file, 1, "the file does not say what it maps (message, segment or datatype)");
        }
        out.put(name, new Source<>(file, value));
    }

    private static <T> T read(String file, InputStream in, Class<T> type) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        try {
            T value = YAML.readValue(text, type);
            if (value == null) {
                throw new InvalidMappingException(file, 1, "the file is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            // records are read through their constructor, so Jackson reports the end of the
            // object; the key's own line is what an engineer needs
            throw new InvalidMappingException(file, lineOfKey(text, e.getPropertyName()), "unknown key '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidMappingException(file, at == null ? -1 : at.getLineNr(), e.getOriginalMessage());
        }
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

    private static void validateDatatype(String file, DatatypeMap map) {
        require(file, map.elements() != null && !map.elements().isEmpty(), "datatype " + map.datatype() + ": elements are required");
        map.elements().forEach((path, component) -> {
            require(file, component != null && (component.component() == null) != (component.value() == null),
                    "datatype " + map.datatype() + "." + path + ": exactly one of component and value is required");
            if (component.component() != null) {
                require(file, component.component().matches("\\d{1,3}(-\\d{1,3})?"),
                        "datatype " + map.datatype() + "." + path + ": component is a number, or number-number for a subcomponent");
            }
        });
    }

    /** The message with its segment maps and datatype maps resolved, validated as a whole. */
    static MessageMapping expand(String file, MessageMapping m, Map<String, SegmentMap> segments, Map<String, DatatypeMap> datatypes) {
        require(file, m.resources() != null && !m.resources().isEmpty(), "resources: at least one resource is required");
        Map<String, Map<String, String>> tables = new LinkedHashMap<>(m.tables() == null ? Map.of() : m.tables());
        List<ResourceTemplate> resources = new ArrayList<>();
        for (int r = 0; r < m.resources().size(); r++) {
            ResourceTemplate t = m.resources().get(r);
            String where = "resources[" + r + "]";
            require(file, t != null, where + ": a resource is required");
            String resourceType = t.resourceType();
            String segment = t.segment();
            LinkedHashMap<String, ElementRule> elements = new LinkedHashMap<>();
            List<ResourceTemplate.RepeatTemplate> repeats = new ArrayList<>();
            if (t.map() != null) {
                SegmentMap map = segments.get(t.map());
                require(file, map != null, where + ".map: no segment map named " + t.map());
                resourceType = resourceType != null ? resourceType : map.resourceType();
                segment = segment == null && t.forEach() == null ? map.segment() : segment;
                elements.putAll(map.elements());
                if (map.repeat() != null) {
                    repeats.addAll(map.repeat());
                }
                if (map.tables() != null) {
                    map.tables().forEach(tables::putIfAbsent);
                }
            }
            if (t.elements() != null) {
                // an element set to null (key: ~) removes what the segment map put there
                t.elements().forEach((key, rule) -> {
                    if (rule == null) {
                        elements.remove(key);
                    } else {
                        elements.put(key, rule);
                    }
                });
            }
            repeats.addAll(t.repeats());
            require(file, resourceType != null, where + ".resourceType is required");
            require(file, (segment == null) != (t.forEach() == null), where + ": exactly one of segment and forEach is required");
            require(file, !elements.isEmpty(), where + ".elements: at least one element is required");
            LinkedHashMap<String, ElementRule> expanded = expandDatatypes(file, where, elements, datatypes, tables);
            validateElements(file, where, expanded, tables);
            List<ResourceTemplate.RepeatTemplate> expandedRepeats = new ArrayList<>();
            for (int i = 0; i < repeats.size(); i++) {
                ResourceTemplate.RepeatTemplate repeat = repeats.get(i);
                String at = where + ".repeat[" + i + "]";
                require(file, repeat.path() != null && repeat.forEach() != null, at + ": path and forEach are required");
                require(file, repeat.elements() != null && !repeat.elements().isEmpty(), at + ".elements: at least one element is required");
                LinkedHashMap<String, ElementRule> repeatElements = expandDatatypes(file, at, repeat.elements(), datatypes, tables);
                validateElements(file, at, repeatElements, tables);
                expandedRepeats.add(new ResourceTemplate.RepeatTemplate(repeat.path(), repeat.forEach(), repeatElements));
            }
            try {
                for (String path : conditionPaths(t.when())) {
                    FieldPath.parse(path);
                }
            } catch (IllegalArgumentException bad) {
                throw new InvalidMappingException(file, -1, where + ".when: " + bad.getMessage());
            }
            resources.add(new ResourceTemplate(null, resourceType, segment, t.forEach(), t.when(), expanded, expandedRepeats));
        }
        MessageMapping out = new MessageMapping(m.message(), m.domain(), m.events(), m.domains(), m.patient(), m.mergedPatient(),
                resources, tables);
        validate(file, out);
        return out;
    }

    private static LinkedHashMap<String, ElementRule> expandDatatypes(String file, String where, Map<String, ElementRule> elements,
                                                                      Map<String, DatatypeMap> datatypes, Map<String, Map<String, String>> tables) {
        LinkedHashMap<String, ElementRule> out = new LinkedHashMap<>();
        for (Map.Entry<String, ElementRule> e : elements.entrySet()) {
            ElementRule rule = e.getValue();
            if (rule == null || rule.datatype() == null) {
                out.put(e.getKey(), rule);
                continue;
            }
            String at = where + ".elements." + e.getKey();
            DatatypeMap map = datatypes.get(rule.datatype());
            require(file, map != null, at + ".datatype: no datatype map named " + rule.datatype());
            require(file, rule.from() != null, at + ": a datatype needs from");
            if (map.tables() != null) {
                map.tables().forEach(tables::putIfAbsent);
            }
            map.elements().forEach((sub, component) -> {
                String path = sub.equals(".") ? e.getKey() : e.getKey() + "." + sub;
                // a constant is written only when the field itself is there
                out.put(path, component.value() != null
                        ? new ElementRule(null, component.value(), component.type(), component.table(),
                                rule.when() != null ? rule.when() : com.fasterxml.jackson.databind.node.TextNode.valueOf(rule.from()), null)
                        : new ElementRule(rule.from() + "-" + component.component(), null, component.type(), component.table(), rule.when(), null));
            });
        }
        return out;
    }

    static void validate(String file, MessageMapping m) {
        require(file, m.message() != null && m.message().matches("[A-Z][A-Z0-9]{2}"), "message: a three-letter HL7 message type is required");
        require(file, m.domain() != null && m.domain().matches("[a-z][a-z0-9-]*"), "domain: a lower-case domain name is required");
        require(file, m.events() != null && !m.events().isEmpty(), "events: at least one trigger event is required");
        require(file, m.domains() == null || m.domains().values().stream().allMatch(d -> d != null && d.matches("[a-z][a-z0-9-]*")),
                "domains: each override is a lower-case domain name");
        require(file, m.patient() != null, "patient: the segment identifying the patient is required");
    }

    private static void validateElements(String file, String where, Map<String, ElementRule> elements, Map<String, Map<String, String>> tables) {
        for (Map.Entry<String, ElementRule> e : elements.entrySet()) {
            String at = where + ".elements." + e.getKey();
            ElementRule rule = e.getValue();
            require(file, rule != null, at + ": a rule is required");
            require(file, rule.type() == null || TYPES.contains(rule.type()), at + ".type must be one of " + new TreeSet<>(TYPES));
            boolean sequence = "sequence".equals(rule.type());
            require(file, sequence ? rule.from() == null && rule.value() == null : (rule.from() == null) != (rule.value() == null),
                    at + (sequence ? ": a sequence takes neither from nor value" : ": exactly one of from and value is required"));
            try {
                if (rule.from() != null) {
                    FieldPath.parse(rule.from());
                }
                for (String path : conditionPaths(rule.when())) {
                    FieldPath.parse(path);
                }
                ElementPath.parse(e.getKey());
            } catch (IllegalArgumentException bad) {
                throw new InvalidMappingException(file, -1, at + ": " + bad.getMessage());
            }
            require(file, rule.table() == null || tables.containsKey(rule.table()), at + ".table: no table named " + rule.table());
        }
    }

    static List<String> conditionPaths(JsonNode when) {
        if (when == null || when.isNull()) {
            return List.of();
        }
        if (when.isTextual()) {
            return List.of(when.asText());
        }
        List<String> names = new ArrayList<>();
        when.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void require(String file, boolean condition, String reason) {
        if (!condition) {
            throw new InvalidMappingException(file, -1, reason);
        }
    }

    /** The mapping of an MSH-9.1 message code; empty for an unknown one, and for none (a damaged MSH-9). */
    public Optional<MessageMapping> forMessageType(String messageType) {
        return messageType == null ? Optional.empty() : Optional.ofNullable(byMessage.get(messageType));
    }

    public Set<String> messageTypes() {
        return byMessage.keySet();
    }

    /** The event domains the mappings publish to; each is one topic. */
    public Set<String> domains() {
        TreeSet<String> domains = new TreeSet<>();
        for (MessageMapping m : byMessage.values()) {
            domains.add(m.domain());
            if (m.domains() != null) {
                domains.addAll(m.domains().values());
            }
        }
        return domains;
    }
}
