package org.careledger.mappings.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingCatalogueTest {

    @Test
    void loadsEveryBuiltInMessageTypeAndItsDomains() {
        MappingCatalogue catalogue = MappingCatalogue.builtIn();

        assertThat(catalogue.messageTypes()).containsExactlyInAnyOrder(
                "ADT", "ORU", "ORM", "OML", "RDE", "RDS", "VXU", "SIU", "MDM", "DFT", "BAR");
        assertThat(catalogue.domains()).containsExactlyInAnyOrder("encounter", "patient", "observation", "order", "medication",
                "immunization", "scheduling", "document", "claim", "financial");
    }

    /** The README's example: mappings/examples/mappings/message/PPR.yml adds a message type with no rebuild. */
    @Test
    void theReadmeExampleFileAloneAddsAMessageType() throws Exception {
        Path examples = Path.of("examples/mappings");
        assertThat(MappingCatalogue.builtIn().forMessageType("PPR")).isEmpty();

        MappingCatalogue catalogue = MappingCatalogue.load(Optional.of(examples));

        assertThat(catalogue.forMessageType("PPR")).get().extracting(MessageMapping::domain).isEqualTo("encounter");
        String problemUpdate = Files.readString(Path.of("src/test/resources/corpus/hl7v2/microsoft-FHIR-Converter/PC1-Problem-Update-v2.3.1.hl7"));
        var harness = new org.careledger.mappings.MappingHarness(catalogue, org.careledger.mappings.deid.DeidPolicy.safeHarbor());
        var event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(harness.map(problemUpdate, "PC2").get(0).json());
        assertThat(event.path("type").asText()).isEqualTo("org.careledger.condition.recorded.v1");
        assertThat(event.at("/data/entry/1/resource/code/coding/0/code").asText()).isEqualTo("786.5");
        assertThat(event.at("/data/entry/1/resource/clinicalStatus/coding/0/code").asText()).isEqualTo("resolved");
        assertThat(event.toString()).doesNotContain("KARLS").doesNotContain("398-54-6666");
    }

    @Test
    void refusesASegmentMapOrDatatypeMapThatCannotBeUsed(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("segment"));
        Files.writeString(dir.resolve("segment/PID.yml"), """
                segment: PID
                resourceType: Patient
                elements:
                  gender: { from: PID-8, table: sexes }
                """);
        assertThatThrownBy(() -> MappingCatalogue.load(Optional.of(dir)))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("segment/PID.yml").hasMessageContaining("gender.table: no table named sexes");

        Files.delete(dir.resolve("segment/PID.yml"));
        Files.createDirectories(dir.resolve("datatype"));
        Files.writeString(dir.resolve("datatype/CX.yml"), """
                datatype: CX
                elements:
                  value: { component: "first" }
                """);
        assertThatThrownBy(() -> MappingCatalogue.load(Optional.of(dir)))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("datatype/CX.yml").hasMessageContaining("component is a number");
    }

    @Test
    void refusesAResourceThatNamesASegmentMapThatDoesNotExist(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("message"));
        Files.writeString(dir.resolve("message/ADT.yml"), """
                message: ADT
                domain: encounter
                events: { A01: org.careledger.encounter.admitted.v1 }
                patient: PID
                resources:
                  - map: PV9
                """);
        assertThatThrownBy(() -> MappingCatalogue.load(Optional.of(dir)))
                .isInstanceOf(InvalidMappingException.class).hasMessageEndingWith("resources[0].map: no segment map named PV9");
    }

    @Test
    void refusesAFileWithAnUnknownKeyNamingFileAndLine(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("message"));
        Files.writeString(dir.resolve("message/BAD.yml"), """
                message: BAD
                domain: encounter
                evnts:
                  A01: x
                """);

        assertThatThrownBy(() -> MappingCatalogue.load(Optional.of(dir)))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("BAD.yml:3:")
                .hasMessageContaining("evnts");
    }

    @Test
    void refusesAnElementWithABrokenFieldPath(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("message"));
        Files.writeString(dir.resolve("message/ADT.yml"), """
                message: ADT
                domain: encounter
                events: { A01: org.careledger.encounter.admitted.v1 }
                patient: PID
                resources:
                  - resourceType: Patient
                    segment: PID
                    elements:
                      gender: { from: PID8 }
                """);

        assertThatThrownBy(() -> MappingCatalogue.load(Optional.of(dir)))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("ADT.yml")
                .hasMessageContaining("resources[0].elements.gender");
    }
}
