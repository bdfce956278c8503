package org.careledger.mappings.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.careledger.mappings.MappingHarness;
import org.careledger.mappings.engine.FhirMappings;
import org.careledger.mappings.engine.MappingCatalogue;
import org.careledger.mappings.phi.Corpus;
import org.junit.jupiter.api.Test;

/** Every event type in the catalogue has a JSON Schema in mappings/, and every event the corpus produces passes it. */
class EventSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> schemas = new HashMap<>();

    private JsonSchema schemaFor(String type) throws Exception {
        JsonSchema cached = schemas.get(type);
        if (cached == null) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("careledger/schemas/" + type + ".schema.json")) {
                assertThat(in).as("schema for %s", type).isNotNull();
                cached = FACTORY.getSchema(in);
            }
            schemas.put(type, cached);
        }
        return cached;
    }

    private Set<ValidationMessage> validate(JsonNode event) throws Exception {
        return schemaFor(event.path("type").asText()).validate(event);
    }

    @Test
    void everyEventTypeInTheCatalogueHasASchema() throws Exception {
        Set<String> types = new TreeSet<>();
        MappingCatalogue catalogue = MappingCatalogue.builtIn();
        for (String message : catalogue.messageTypes()) {
            types.addAll(catalogue.forMessageType(message).orElseThrow().events().values());
        }
        FhirMappings.load(Optional.empty()).resources().values().forEach(r -> types.add(r.event()));
        assertThat(types).hasSizeGreaterThanOrEqualTo(20);
        for (String type : types) {
            schemaFor(type);
        }
    }

    @Test
    void everyEventFromTheCorpusAndTheGoldenMessagesPassesItsSchema() throws Exception {
        MappingHarness harness = new MappingHarness();
        Corpus corpus = new Corpus(Corpus.ROOT);
        List<Corpus.Item> hl7 = new ArrayList<>(corpus.publicHl7());
        hl7.addAll(corpus.goldenInEveryVersion(7L));
        int checked = 0;
        for (Corpus.Item item : hl7) {
            List<MappedEvent> events;
            try {
                events = harness.map(item.text(), item.name());
            } catch (Exception deadLetter) {
                continue;
            }
            for (MappedEvent event : events) {
                assertThat(validate(JSON.readTree(event.json()))).as(item.name()).isEmpty();
                checked++;
            }
        }
        FhirEventMapper fhir = new FhirEventMapper(FhirMappings.load(Optional.empty()), harness.deidentifier, harness.pseudonyms);
        for (Corpus.Item item : corpus.fhir()) {
            try {
                for (MappedEvent event : fhir.map(item.text().getBytes(StandardCharsets.UTF_8), "feed-f")) {
                    assertThat(validate(JSON.readTree(event.json()))).as(item.name()).isEmpty();
                    checked++;
                }
            } catch (org.careledger.mappings.engine.MappingException deadLetter) {
                // dead letters have no event to check
            }
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void aPatientThatStillCarriesANameOrAFullBirthDateFailsTheSchema() throws Exception {
        String er7 = java.nio.file.Files.readString(GoldenEventsTest.GOLDEN.resolve("ADT_A01.hl7"));
        ObjectNode event = (ObjectNode) JSON.readTree(new MappingHarness().map(er7, "S1").get(0).json());
        assertThat(validate(event)).isEmpty();
        ObjectNode patient = (ObjectNode) event.at("/data/entry/0/resource");
        patient.putArray("name").addObject().put("family", "Anyone");
        assertThat(validate(event)).isNotEmpty();
        patient.remove("name");
        patient.put("birthDate", "1972-03-14");
        assertThat(validate(event)).isNotEmpty();
    }
}
