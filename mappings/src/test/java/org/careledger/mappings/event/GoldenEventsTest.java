package org.careledger.mappings.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.careledger.mappings.MappingHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One committed message per supported message type and trigger, and the event it must become,
 * committed beside it. Run with {@code -Dgolden.update=true} to rewrite the expected files after an
 * intended change, then review the diff.
 */
class GoldenEventsTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Stream<String> messages() throws Exception {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hl7")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("messages")
    void mapsEachMessageTypeToItsCommittedEvent(String file) throws Exception {
        String er7 = Files.readString(GOLDEN.resolve(file), StandardCharsets.UTF_8);
        List<MappedEvent> events = new MappingHarness().map(er7, file);
        assertThat(events).hasSize(1);
        JsonNode actual = JSON.readTree(events.get(0).json());
        Path expectedFile = GOLDEN.resolve(file.replace(".hl7", ".json"));
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expectedFile, JSON.writeValueAsString(actual) + "\n");
        }
        assertThat(expectedFile).as("committed golden event").exists();
        assertThat(actual).isEqualTo(JSON.readTree(expectedFile.toFile()));
    }

    /** The catalogue covers the twenty message types and triggers the issue lists. */
    @org.junit.jupiter.api.Test
    void everyListedMessageTypeHasAGoldenMessage() throws Exception {
        assertThat(messages().map(n -> n.replace(".hl7", ""))).containsExactlyInAnyOrder(
                "ADT_A01", "ADT_A02", "ADT_A03", "ADT_A04", "ADT_A08", "ADT_A11", "ADT_A13", "ADT_A28", "ADT_A31", "ADT_A40",
                "ORU_R01", "ORM_O01", "OML_O21", "RDE_O11", "RDS_O13", "VXU_V04", "SIU_S12", "MDM_T02", "DFT_P03", "BAR_P01");
    }
}
