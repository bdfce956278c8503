package org.careledger.connectors.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class FhirIntakeTest {

    private static final String JSON = "application/fhir+json";
    private static final String CANARY = "Quillfeather";
    private static final FhirIntake INTAKE = new FhirIntake(FhirIntake.newContext(), 1_000);

    private static FhirIntake.Verdict inspect(String body, String contentType) {
        return INTAKE.inspect(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private static String outcome(FhirIntake.Verdict verdict) {
        return INTAKE.encode(verdict.outcome());
    }

    private static String patient() {
        return "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"family\":\"" + CANARY + "\"}],\"birthDate\":\"1972-03-14\"}";
    }

    private static String bundle(String type, int entries) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[");
        for (int i = 0; i < entries; i++) {
            b.append(i == 0 ? "" : ",").append("{\"resource\":").append(patient().replace("\"p1\"", "\"p" + i + "\""))
                    .append(",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
        }
        return b.append("]}").toString();
    }

    @Test
    void singleResourceIsAcceptedWithAnInformationalOutcome() {
        FhirIntake.Verdict verdict = inspect(patient(), JSON);

        assertThat(verdict.status()).isEqualTo(202);
        assertThat(verdict.resourceType()).isEqualTo("Patient");
        assertThat(outcome(verdict)).contains("\"severity\":\"information\"").doesNotContain(CANARY);
    }

    @Test
    void transactionBatchAndMessageBundlesAreAccepted() {
        assertThat(inspect(bundle("transaction", 3), JSON).status()).isEqualTo(202);
        assertThat(inspect(bundle("batch", 3), JSON).entries()).isEqualTo(3);
    }

    /** Corpus files that are not valid R4 input, and why; every other corpus file must be accepted. */
    private static final java.util.Map<String, Integer> INVALID_CORPUS_FILES = java.util.Map.of(
            "FHIR_bundle.hl7_ADT_A01.json", 400,      // HumanName.use "9" is not a NameUse code
            "ExamplePatient.json", 400,               // a converter template without resourceType
            "ObservationBundle.json", 400,            // elements R4 does not define
            "C-CDA_R2-1_CCD.xml-expected.json", 422,  // converter output without MedicationStatement.status etc.
            "Transfer_Summary-expected.json", 422,
            "History_and_Physical-expected.json", 422,
            "Coverage-1.json", 422,                   // no Coverage.status, beneficiary or payor
            "Coverage-2.json", 422,
            "AllergyIntolerance-1.json", 422);        // reaction without manifestation

    @Test
    void corpusResourcesAreAcceptedExceptTheKnownInvalidOnes() throws IOException {
        List<Path> files;
        Path corpus;
        try {
            corpus = Path.of(FhirIntakeTest.class.getResource("/corpus/fhir-r4").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        for (Path file : files) {
            FhirIntake.Verdict verdict = INTAKE.inspect(Files.readAllBytes(file), JSON);
            int expected = INVALID_CORPUS_FILES.getOrDefault(file.getFileName().toString(), 202);
            assertThat(verdict.status()).as(file + ": " + outcome(verdict)).isEqualTo(expected);
        }
    }

    @Test
    void bodyThatIsNotJsonIs400WithoutEcho() {
        FhirIntake.Verdict verdict = inspect("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + CANARY, JSON);

        assertThat(verdict.status()).isEqualTo(400);
        assertThat(outcome(verdict)).contains("\"code\":\"structure\"").doesNotContain(CANARY);
    }

    @Test
    void unknownResourceTypeIs400() {
        FhirIntake.Verdict verdict = inspect("{\"resourceType\":\"Patientt\",\"id\":\"x\"}", JSON);

        assertThat(verdict.status()).isEqualTo(400);
        assertThat(outcome(verdict)).doesNotContain("Patientt");
    }

    @Test
    void unknownElementIs400WithoutEchoingIt() {
        FhirIntake.Verdict verdict = inspect("{\"resourceType\":\"Patient\",\"ssn\":\"123-45-6789\"}", JSON);

        assertThat(verdict.status()).isEqualTo(400);
        assertThat(outcome(verdict)).doesNotContain("123-45-6789");
    }

    @Test
    void invalidPrimitiveValueIs400WithoutEchoingIt() {
        FhirIntake.Verdict verdict = inspect("{\"resourceType\":\"Patient\",\"birthDate\":\"" + CANARY + "\"}", JSON);

        assertThat(verdict.status()).isEqualTo(400);
        assertThat(outcome(verdict)).doesNotContain(CANARY);
    }

    @Test
    void missingRequiredElementIs422NamingThePath() {
        FhirIntake.Verdict verdict = inspect("{\"resourceType\":\"Observation\",\"code\":{\"text\":\"hb\"}}", JSON);

        assertThat(verdict.status()).isEqualTo(422);
        assertThat(outcome(verdict)).contains("Observation.status").contains("\"code\":\"required\"");
    }

    @Test
    void missingRequiredElementInsideABundleEntryIsFound() {
        String body = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Observation\",\"status\":\"final\"}}]}";

        FhirIntake.Verdict verdict = inspect(body, JSON);

        assertThat(verdict.status()).isEqualTo(422);
        assertThat(outcome(verdict)).contains("Observation.code");
    }

    @Test
    void searchsetBundleIsNotInput() {
        FhirIntake.Verdict verdict = inspect(bundle("searchset", 1), JSON);

        assertThat(verdict.status()).isEqualTo(422);
        assertThat(outcome(verdict)).contains("Bundle.type");
    }

    @Test
    void bundleOverTheEntryLimitIs422() {
        FhirIntake.Verdict verdict = inspect(bundle("batch", 10_000), JSON);

        assertThat(verdict.status()).isEqualTo(422);
        assertThat(outcome(verdict)).contains("\"code\":\"too-costly\"").contains("1000");
    }

    @Test
    void deeplyNestedJsonIs400() {
        String nested = "{\"resourceType\":\"Patient\",\"extension\":[" + "{\"url\":\"x\",\"extension\":[".repeat(3_000)
                + "]}".repeat(3_000) + "]}";

        assertThat(inspect(nested, JSON).status()).isEqualTo(400);
    }

    @Test
    void duplicateJsonKeysAre400() {
        FhirIntake.Verdict verdict = inspect("{\"resourceType\":\"Patient\",\"gender\":\"male\",\"gender\":\"female\"}", JSON);

        assertThat(verdict.status()).isEqualTo(400);
    }

    @Test
    void xmlWithAnExternalEntityIsRefusedBeforeParsing() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&x;\"/></name></Patient>";

        FhirIntake.Verdict verdict = inspect(xml, "application/fhir+xml");

        assertThat(verdict.status()).isEqualTo(400);
        assertThat(outcome(verdict)).contains("DOCTYPE").doesNotContain("root:");
    }

    @Test
    void xmlResourceIsAccepted() {
        String xml = "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"p1\"/><birthDate value=\"1972-03-14\"/></Patient>";

        assertThat(inspect(xml, "application/fhir+xml").status()).isEqualTo(202);
    }

    @Test
    void javaSerializedBodyIs415() {
        FhirIntake.Verdict verdict = INTAKE.inspect(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5}, "application/x-java-serialized-object");

        assertThat(verdict.status()).isEqualTo(415);
    }

    @Test
    void emptyBodyIs400() {
        assertThat(inspect("", JSON).status()).isEqualTo(400);
    }
}
