package org.careledger.mappings.deid;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.careledger.mappings.engine.InvalidMappingException;

/**
 * A de-identification policy: per FHIR element path (without indices), the method applied. Paths
 * with no rule are removed. Methods: {@code keep}, {@code redact}, {@code year}, {@code birth-year},
 * {@code zip3}.
 */
public record DeidPolicy(String name, String version, Map<String, String> rules, List<String> restrictedZip3) {

    static final Set<String> METHODS = Set.of("keep", "redact", "year", "birth-year", "zip3");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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

    private static DeidPolicy read(String file, InputStream in) throws IOException {
        DeidPolicy policy;
        try {
            policy = YAML.readValue(in, DeidPolicy.class);
        } catch (JsonProcessingException e) {
            throw new InvalidMappingException(file, e.getLocation() == null ? -1 : e.getLocation().getLineNr(), e.getOriginalMessage());
        }
        if (policy.name() == null || policy.version() == null || policy.rules() == null) {
            throw new InvalidMappingException(file, -1, "name, version and rules are required");
        }
        policy.rules().forEach((path, method) -> {
            if (!METHODS.contains(method)) {
                throw new InvalidMappingException(file, -1, "rules." + path + ": unknown method '" + method + "', expected one of " + METHODS);
            }
        });
        return policy;
    }

    public Set<String> restrictedZip3Set() {
        return restrictedZip3 == null ? Set.of() : Set.copyOf(restrictedZip3);
    }
}
