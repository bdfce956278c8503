package org.careledger.mappings.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.careledger.mappings.MappingHarness;
import org.careledger.mappings.engine.FhirMappings;
import org.junit.jupiter.api.Test;

class FhirEventMapperTest {

    @Test
    void decimalsKeepEveryDigitTheSenderWrote() throws Exception {
        // FHIR decimals carry their precision, and a claim's amount becomes token minor units exactly
        String claim = Files.readString(Path.of("src/test/resources/fhir/claim-for-a-referenced-patient.json"))
                .replace("\"value\":125.00,", "\"value\":12345678901234567.89,")
                .replace("\"value\":32.50,", "\"value\":1.50,");
        assertThat(claim).contains("12345678901234567.89").contains("1.50");
        MappingHarness harness = new MappingHarness();
        List<MappedEvent> events = new FhirEventMapper(FhirMappings.load(Optional.empty()), harness.deidentifier, harness.pseudonyms)
                .map(claim.getBytes(StandardCharsets.UTF_8), "feed-f");

        byte[] json = events.stream().filter(e -> e.type().equals("org.careledger.claim.submitted.v1")).findFirst().orElseThrow()
                .json();
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).contains("\"value\":12345678901234567.89").contains("\"value\":1.50");
    }

    @Test
    void theIdOfAPostedResourceIsTheIdOfItsEventWithDecimalsAsWritten() throws Exception {
        // the demo's FHIR claim: one resource, as a claims gateway posts it
        byte[] claim = Files.readAllBytes(Path.of("../docker/samples/fhir/claim-stmarys-followup.json"));
        assertThat(new String(claim, StandardCharsets.UTF_8)).contains("250.00");
        MappingHarness harness = new MappingHarness();
        List<MappedEvent> events = new FhirEventMapper(FhirMappings.load(Optional.empty()), harness.deidentifier, harness.pseudonyms)
                .map(claim, "feed-f");

        assertThat(events).extracting(MappedEvent::id).containsExactly(FhirEventMapper.eventId("feed-f", claim));
        // read as doubles, 250.00 would be 250.0: other content, another id
        assertThat(FhirEventMapper.eventId("feed-f", new com.fasterxml.jackson.databind.ObjectMapper().readTree(claim)))
                .isNotEqualTo(FhirEventMapper.eventId("feed-f", claim));
    }
}
