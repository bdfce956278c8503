package org.careledger.mappings.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Which FHIR resource types become events ({@code fhir/resources.yml}): per type, the event type,
 * the domain, and the element that references the patient (none for Patient itself).
 */
public record FhirMappings(Map<String, ResourceEvent> resources) {

    private static final String BUILT_IN = "careledger/mappings/fhir/resources.yml";

    public record ResourceEvent(String event, String domain, String patient) {
    }

    public static FhirMappings load(Optional<Path> overrideDir) {
        Optional<Path> override = overrideDir.map(d -> d.resolve("fhir/resources.yml")).filter(Files::isRegularFile);
        String file = override.map(Path::toString).orElse("fhir/resources.yml");
        try (InputStream in = override.isPresent() ? Files.newInputStream(override.get())
                : FhirMappings.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            FhirMappings mappings = MappingCatalogue.YAML.readValue(in, FhirMappings.class);
            if (mappings == null || mappings.resources() == null || mappings.resources().isEmpty()) {
                throw new InvalidMappingException(file, 1, "resources: at least one resource type is required");
            }
            mappings.resources().forEach((type, r) -> {
                if (r == null || r.event() == null || r.domain() == null || !r.domain().matches("[a-z][a-z0-9-]*")) {
                    throw new InvalidMappingException(file, -1, "resources." + type + ": event and a lower-case domain are required");
                }
                if (!type.equals("Patient") && r.patient() == null) {
                    throw new InvalidMappingException(file, -1, "resources." + type + ".patient: the element referencing the patient is required");
                }
            });
            return mappings;
        } catch (JsonProcessingException e) {
            throw new InvalidMappingException(file, e.getLocation() == null ? -1 : e.getLocation().getLineNr(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Set<String> domains() {
        TreeSet<String> domains = new TreeSet<>();
        resources.values().forEach(r -> domains.add(r.domain()));
        return domains;
    }
}
