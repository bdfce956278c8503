package org.careledger.mappings.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.mappings.MappingHarness;
import org.careledger.mappings.deid.DeidPolicy;
import org.careledger.mappings.engine.MappingCatalogue;
import org.careledger.mappings.phi.PhiScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BAD-INPUTS items 10, 15, 16 and 32-34, each against the full parse, map and de-identify step. */
class Hl7BadInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MSH = "MSH|^~\\&|EPIC|STMARYS|CL|CL|20261101083000-0500||ORU^R01^ORU_R01|BAD1|P|2.5.1";
    private static final String PID = "PID|1||MRN4471100^^^STMARYS^MR||WYNDHAMSHIRE^CORDELIA||19800517|F|||9 Orchard Row^^Ithaca^NY^14850||(607)555-0145";

    private final MappingHarness harness = new MappingHarness();

    private JsonNode mapOne(String er7) throws Exception {
        List<MappedEvent> events = harness.map(er7, "BAD1");
        assertThat(events).hasSize(1);
        return JSON.readTree(events.get(0).json());
    }

    private static String message(String... segments) {
        return String.join("\r", segments) + "\r";
    }

    private static void assertClean(String er7, JsonNode event) {
        assertThat(PhiScanner.ofHl7(er7).leaksIn(event)).as("identifiers in the event").isEmpty();
    }

    @Test
    void everySegmentTerminatorGivesTheSameEvent() throws Exception {
        String obx = "OBX|1|TX|48767-8^Comment^LN||Cordelia Wyndhamshire called||||||F";
        String cr = message(MSH, PID, obx);
        JsonNode expected = mapOne(cr);
        for (String separator : List.of("\n", "\r\n", "\r\r")) {
            assertThat(mapOne(String.join(separator, MSH, PID, obx) + separator)).as("segments ended by %s", separator.replace("\r", "CR").replace("\n", "LF"))
                    .isEqualTo(expected);
        }
        assertThat(mapOne(MSH + "\r\n" + PID + "\n" + obx + "\r")).as("mixed").isEqualTo(expected);
    }

    @Test
    void zSegmentsAreDroppedAndIdentifiersHiddenInThemDoNotLeak() throws Exception {
        String er7 = message(MSH, PID, "ZPI|1|MRN4471100|WYNDHAMSHIRE^CORDELIA|607-555-0145",
                "OBX|1|TX|48767-8^Comment^LN||Spoke to WYNDHAMSHIRE re MRN4471100||||||F",
                "NTE|1||Cordelia asked us to call 607-555-0145");
        JsonNode event = mapOne(er7);
        assertClean(er7, event);
        assertThat(event.toString()).doesNotContain("ZPI").doesNotContain("4471100");
    }

    @Test
    void aZSegmentCanBeMappedByAFileInTheOverrideFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("message"));
        Files.writeString(dir.resolve("message/ORU.yml"), """
                message: ORU
                domain: observation
                events: { R01: org.careledger.observation.resulted.v1 }
                patient: PID
                resources:
                  - map: PID
                  - resourceType: Observation
                    segment: ZBP
                    elements:
                      status: { value: final }
                      code.text: { value: "site blood pressure" }
                      valueQuantity.value: { from: ZBP-2, type: decimal }
                """);
        DeidPolicy policy = DeidPolicy.safeHarbor();
        MappingHarness custom = new MappingHarness(MappingCatalogue.load(Optional.of(dir)), policy);
        JsonNode event = JSON.readTree(custom.map(message(MSH, PID, "ZBP|1|128"), "Z1").get(0).json());
        JsonNode observation = event.at("/data/entry/1/resource");
        assertThat(observation.path("valueQuantity").path("value").asInt()).isEqualTo(128);
    }

    @Test
    void aMappingFileCannotWriteMessageContentIntoTheElementsThePolicyDoesNotCheck(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("message"));
        Files.writeString(dir.resolve("message/ORU.yml"), """
                message: ORU
                domain: observation
                events: { R01: org.careledger.observation.resulted.v1 }
                patient: PID
                resources:
                  - resourceType: Observation
                    segment: OBX
                    elements:
                      status: { value: final }
                      subject.display: { from: PID-5-1 }
                      patient.display: { from: PID-5-2 }
                      meta.tag[0].code: { from: PID-3-1 }
                      id: { from: PID-3-1 }
                """);
        MappingHarness custom = new MappingHarness(MappingCatalogue.load(Optional.of(dir)), DeidPolicy.safeHarbor());
        String er7 = message(MSH, PID, "OBX|1|NM|8867-4^Heart rate^LN||72||||||F");
        JsonNode event = JSON.readTree(custom.map(er7, "M1").get(0).json());
        assertClean(er7, event);
        assertThat(event.at("/data/entry/0/resource/subject/reference").asText()).startsWith("Patient/pt-");
    }

    @Test
    void repeatedPidSegmentsAndFiftyIdentifierRepetitionsNeverLeak() throws Exception {
        StringBuilder pid3 = new StringBuilder("MRN4471100^^^STMARYS^MR");
        for (int i = 1; i < 50; i++) {
            pid3.append("~ALT").append(700000 + i).append("^^^OTHER").append(i).append("^PI");
        }
        String pid = PID.replace("MRN4471100^^^STMARYS^MR", pid3.toString());
        String second = "PID|2||SECOND99887^^^STMARYS^MR||FAIRWEATHER^LEOPOLD||19550101|M";
        String er7 = message(MSH, pid, second, "OBX|1|TX|48767-8^Comment^LN||ALT700042 and SECOND99887 and Leopold Fairweather||||||F");
        JsonNode event = mapOne(er7);
        assertClean(er7, event);
        assertThat(harness.pseudonymRequests).containsExactly("STMARYS|MRN4471100");
    }

    @Test
    void escapeSequencesThatDecodeIntoIdentifiersAreStillRemoved() throws Exception {
        // \X57\ is "W": a reader that decodes escapes sees WYNDHAMSHIRE; \F\ \S\ \T\ \R\ \E\ and \.br\ are delimiters and formatting
        String er7 = message(MSH, PID,
                "OBX|1|TX|48767-8^Comment^LN||Call \\X57\\YNDHAMSHIRE\\.br\\at (607)555\\X2D\\0145 \\F\\ \\S\\ \\T\\ \\R\\ \\E\\ done||||||F");
        JsonNode event = mapOne(er7);
        String text = event.at("/data/entry/1/resource/valueString").asText();
        assertThat(text).doesNotContainIgnoringCase("WYNDHAMSHIRE").doesNotContain("0145").contains("[REDACTED]");
        assertThat(text).contains("|").contains("^").contains("&");
    }

    @Test
    void theEighteenSafeHarborIdentifiersPlantedInUnexpectedPlacesAreRemoved() throws Exception {
        String er7 = message(MSH,
                PID.replace("||F|||", "|MAIDEN^MARGARETHE|F|||") + "|||||ACCT5566778|123-45-6789|DL-NY-99812345",
                "NK1|1|WYNDHAMSHIRE^BARNABY|BRO^Brother|12 Vine St^^Ithaca^NY^14850|(607)555-0188",
                "GT1|1|G-88001|WYNDHAMSHIRE^BARNABY||12 Vine St^^Ithaca^NY^14850|(607)555-0188|||||SE|987-65-4320",
                "IN1|1|PLAN7^Gold|PAYER9^^^CLPAYERS|Acme Health|||||||||||WYNDHAMSHIRE^CORDELIA|SEL|19800517|9 Orchard Row^^Ithaca^NY^14850|||||||||||||||||POL-7766||||||||||||||MBR-44221",
                "OBX|1|TX|48767-8^Comment^LN||Fax 607-555-0199, cordelia.w@example.org, https://ehr.example.org/p/4471100, "
                        + "host 192.168.10.77, vehicle plate NY-KX7-2291 cert LIC-88123, device SN: GX-99-1201, UID 1.2.840.113619.2.55.3.6, "
                        + "photo taken 05/17/2026, health plan MBR-44221, account ACCT5566778, Barnaby Wyndhamshire visits||||||F");
        JsonNode event = mapOne(er7);
        assertClean(er7, event);
        String json = event.toString();
        for (String planted : List.of("607-555-0199", "cordelia.w@example.org", "ehr.example.org", "192.168.10.77", "GX-99-1201",
                "1.2.840.113619.2.55.3.6", "05/17/2026", "MBR-44221", "ACCT5566778", "123-45-6789", "987-65-4320", "DL-NY-99812345",
                "MARGARETHE", "BARNABY", "12 Vine St", "14850")) {
            assertThat(json).as("planted identifier class").doesNotContainIgnoringCase(planted);
        }
    }

    @Test
    void everyRestrictedZip3BecomesZeroes() throws Exception {
        List<String> restricted = List.of("036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831",
                "878", "879", "884", "890", "893");
        assertThat(DeidPolicy.safeHarbor().restrictedZip3()).containsExactlyInAnyOrderElementsOf(restricted);
        for (String zip3 : restricted) {
            JsonNode event = mapOne(message(MSH, PID.replace("14850", zip3 + "41-1234")));
            assertThat(event.at("/data/entry/0/resource/address/0/postalCode").asText()).as(zip3).isEqualTo("000");
        }
        assertThat(mapOne(message(MSH, PID)).at("/data/entry/0/resource/address/0/postalCode").asText()).isEqualTo("148");
    }

    @Test
    void aBirthDateImplyingNinetyOrOlderBecomesTheAgeGroupInEveryForm() throws Exception {
        List<String> births = new ArrayList<>(List.of("1930", "19360101", "193612312300-1200", "19361231230000+1400", "1920052812"));
        for (String birth : births) {
            String er7 = message(MSH, PID.replace("19800517", birth));
            JsonNode patient = mapOne(er7).at("/data/entry/0/resource");
            assertThat(patient.has("birthDate")).as("birth %s", birth).isFalse();
            assertThat(patient.at("/_birthDate/extension/0/valueString").asText()).as("birth %s", birth).isEqualTo("90 or older");
            assertThat(patient.path("meta").path("security").findValuesAsText("code")).contains("ABSTRED");
        }
        JsonNode young = mapOne(message(MSH, PID.replace("19800517", "19370101"))).at("/data/entry/0/resource");
        assertThat(young.path("birthDate").asText()).isEqualTo("1937");
        assertThat(new String(harness.map(message(MSH, PID.replace("19800517", "19300101")), "X").get(0).json(), StandardCharsets.UTF_8))
                .doesNotContain("1930");
    }
}
