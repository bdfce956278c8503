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
    void loadsBuiltInMappingsAndTheirDomains() {
        MappingCatalogue catalogue = MappingCatalogue.builtIn();

        assertThat(catalogue.messageTypes()).contains("ADT", "ORU");
        assertThat(catalogue.domains()).contains("encounter", "observation");
    }

    @Test
    void aFileInTheOverrideFolderAddsAMessageTypeWithoutRebuilding(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("message"));
        Files.writeString(dir.resolve("message/SIU.yml"), """
                message: SIU
                domain: scheduling
                events:
                  S12: org.careledger.scheduling.booked.v1
                patient: PID
                resources:
                  - resourceType: Appointment
                    segment: SCH
                    elements:
                      status: { value: booked }
                """);

        MappingCatalogue catalogue = MappingCatalogue.load(Optional.of(dir));

        assertThat(catalogue.forMessageType("SIU")).get().extracting(MessageMapping::domain).isEqualTo("scheduling");
        assertThat(catalogue.forMessageType("ADT")).isPresent();
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
