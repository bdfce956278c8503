package org.careledger.mappings.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.mappings.Hl7Fixtures;
import org.careledger.mappings.deid.DeidPolicy;
import org.careledger.mappings.deid.Deidentifier;
import org.careledger.mappings.engine.MappingCatalogue;
import org.careledger.mappings.engine.MappingException;
import org.junit.jupiter.api.Test;

class Hl7EventMapperTest {

    private static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> pseudonymRequests = new ArrayList<>();
    private final Hl7EventMapper mapper = new Hl7EventMapper(MappingCatalogue.builtIn(),
            new Deidentifier(DeidPolicy.safeHarbor(), NOV_2026, org.careledger.mappings.MappingHarness.KEYS),
            (authority, id) -> {
                pseudonymRequests.add(authority + "|" + id);
                return "pt-0123456789abcdef";
            });

    private MappedEvent mapOne(String file, String controlId) throws Exception {
        List<MappedEvent> events = mapper.map(Hl7Fixtures.parse(file), new EventSource("feed-a", "EPICADT", "STMARYS", controlId));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static JsonNode resource(JsonNode event, String type) {
        for (JsonNode entry : event.path("data").path("entry")) {
            if (type.equals(entry.path("resource").path("resourceType").asText())) {
                return entry.path("resource");
            }
        }
        throw new AssertionError("no " + type + " in the event");
    }

    @Test
    void mapsAdmissionToEncounterEventWithPseudonymAndNoIdentifiers() throws Exception {
        MappedEvent event = mapOne("adt-a01-with-next-of-kin.hl7", "CTRL1001");
        JsonNode json = JSON.readTree(event.json());

        assertThat(event.type()).isEqualTo("org.careledger.encounter.admitted.v1");
        assertThat(event.topic()).isEqualTo("careledger.events.encounter");
        assertThat(event.subject()).isEqualTo("pt-0123456789abcdef");
        assertThat(json.path("specversion").asText()).isEqualTo("1.0");
        assertThat(json.path("subject").asText()).isEqualTo("pt-0123456789abcdef");
        assertThat(json.path("deidpolicy").asText()).isEqualTo("safe-harbor");
        assertThat(json.has("time")).as("no day-precision timestamp on the event").isFalse();
        assertThat(event.cloudEventHeaders()).containsEntry("ce_id", event.id()).containsEntry("ce_subject", "pt-0123456789abcdef")
                .containsEntry("ce_type", "org.careledger.encounter.admitted.v1").containsEntry("ce_source", "urn:careledger:feed:feed-a")
                .containsEntry("ce_deidpolicy", "safe-harbor");
        assertThat(pseudonymRequests).containsExactly("STMARYS|MRN7731001");

        JsonNode patient = resource(json, "Patient");
        assertThat(patient.path("id").asText()).isEqualTo("pt-0123456789abcdef");
        assertThat(patient.path("gender").asText()).isEqualTo("male");
        assertThat(patient.path("birthDate").asText()).isEqualTo("1972");
        assertThat(patient.path("address").get(0).path("postalCode").asText()).isEqualTo("150");
        assertThat(patient.path("address").get(0).path("state").asText()).isEqualTo("PA");
        assertThat(patient.has("name")).isFalse();
        assertThat(patient.has("identifier")).isFalse();
        assertThat(patient.has("telecom")).isFalse();
        assertThat(patient.path("address").get(0).has("line")).isFalse();
        assertThat(patient.path("address").get(0).has("city")).isFalse();
        assertThat(patient.path("meta").path("security").findValuesAsText("code"))
                .containsExactlyInAnyOrder("REDACTED", "ABSTRED", "PSEUDED");

        JsonNode encounter = resource(json, "Encounter");
        assertThat(encounter.path("subject").path("reference").asText()).isEqualTo("Patient/pt-0123456789abcdef");
        assertThat(encounter.path("status").asText()).isEqualTo("in-progress");
        assertThat(encounter.path("class").path("code").asText()).isEqualTo("IMP");
        assertThat(encounter.path("period").path("start").asText()).isEqualTo("2026");
        assertThat(encounter.has("location")).as("PV1-3 point of care is not in the policy").isFalse();

        String text = new String(event.json(), StandardCharsets.UTF_8);
        for (String identifier : List.of("MRN7731001", "Quillfeather", "Ambrose", "Rosalind", "19720314", "1972-03-14",
                "(555)201-4477", "Larkspur", "Brackenridge", "15014", "20261127")) {
            assertThat(text).doesNotContain(identifier);
        }
    }

    @Test
    void sameSourceGivesSameEventIdAndOtherControlIdGivesAnother() throws Exception {
        MappedEvent first = mapOne("adt-a01-with-next-of-kin.hl7", "CTRL1001");
        MappedEvent again = mapOne("adt-a01-with-next-of-kin.hl7", "CTRL1001");
        MappedEvent other = mapOne("adt-a01-with-next-of-kin.hl7", "CTRL1002");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(other.id()).isNotEqualTo(first.id());
    }

    @Test
    void mapsLabResultToOneObservationPerObx() throws Exception {
        JsonNode json = JSON.readTree(mapOne("oru-r01-five-numeric-results.hl7", "CTRL1019").json());

        List<JsonNode> observations = new ArrayList<>();
        json.path("data").path("entry").forEach(e -> {
            if ("Observation".equals(e.path("resource").path("resourceType").asText())) {
                observations.add(e.path("resource"));
            }
        });
        assertThat(observations).hasSize(5);
        JsonNode cholesterol = observations.get(0);
        assertThat(cholesterol.path("code").path("coding").get(0).path("system").asText()).isEqualTo("http://loinc.org");
        assertThat(cholesterol.path("code").path("coding").get(0).path("code").asText()).isEqualTo("2093-3");
        assertThat(cholesterol.path("valueQuantity").path("value").decimalValue()).isEqualByComparingTo("212");
        assertThat(cholesterol.path("valueQuantity").path("unit").asText()).isEqualTo("mg/dL");
        assertThat(cholesterol.path("status").asText()).isEqualTo("final");
        assertThat(cholesterol.path("effectiveDateTime").asText()).isEqualTo("2026");
        assertThat(json.path("type").asText()).isEqualTo("org.careledger.observation.resulted.v1");
    }

    @Test
    void removesFreeTextThatNamesThePatient() throws Exception {
        MappedEvent event = mapOne("oru-r01-free-text-naming-the-patient.hl7", "CTRL1018");
        String text = new String(event.json(), StandardCharsets.UTF_8);

        assertThat(text).doesNotContain("Philippa").doesNotContain("Devereaux").doesNotContain("201-9936");
        JsonNode comment = JSON.readTree(event.json()).path("data").path("entry").get(3).path("resource");
        assertThat(comment.path("code").path("coding").get(0).path("code").asText()).isEqualTo("8251-1");
        assertThat(comment.path("valueString").asText())
                .isEqualTo("Patient [REDACTED] [REDACTED] called from [REDACTED] about results");
        assertThat(comment.path("meta").path("security").findValuesAsText("code")).contains("REDACTED");
    }

    @Test
    void dropsBirthYearOver89AndZeroesRestrictedZip3() throws Exception {
        JsonNode patient = resource(JSON.readTree(mapOne("adt-a01-born-1930-restricted-zip.hl7", "CTRL9001").json()), "Patient");

        assertThat(patient.has("birthDate")).as("age 96 folds into 90 or older").isFalse();
        assertThat(patient.path("address").get(0).path("postalCode").asText()).isEqualTo("000");
    }

    @Test
    void refusesUnmappedMessageTypeWithReasonCode() {
        assertThatThrownBy(() -> mapper.map(Hl7Fixtures.parse("qry-a19-unmapped.hl7"), new EventSource("feed-a", "A", "F", "CTRL9100")))
                .isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).reason()).isEqualTo("unmapped-message-type"))
                .hasMessageNotContaining("Quillfeather");
    }

    @Test
    void refusesMessageWithoutPatientIdentifier() {
        assertThatThrownBy(() -> mapOne("adt-a01-without-patient-identifier.hl7", "CTRL9002"))
                .isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).reason()).isEqualTo("no-patient-identifier"));
        assertThat(pseudonymRequests).isEmpty();
    }
}
