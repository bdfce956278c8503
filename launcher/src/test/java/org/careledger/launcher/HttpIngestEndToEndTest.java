package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * HL7 v2 batches and FHIR R4 over HTTP, and batch files in the inbox, against the running routes
 * app: each message is admitted exactly like an MLLP message, refusals are standard documents that
 * echo nothing, and headers or parameters named like Camel's control headers change nothing.
 */
class HttpIngestEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ER7 = "x-application/hl7-v2+er7";
    private static final Pattern FHIR_RAW = Pattern.compile("careledger\\.fhir\\.raw");

    private static String routes() throws Exception {
        return "http://127.0.0.1:" + SharedHub.get().ports().routesHttp();
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(routes() + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType).header("Authorization", SharedHub.bearer(SharedHub.FEED))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static long fhirRawRecords() throws Exception {
        return TopicReader.endOffsetTotal(SharedHub.get().endpoints().kafka().operator(), FHIR_RAW);
    }

    private static byte[] batch(String... messages) {
        return ("FHS|^~\\&|LAB|STMARYS\rBHS|^~\\&|LAB|STMARYS\r" + String.join("", messages) + "BTS|" + messages.length
                + "\rFTS|1\r").getBytes(StandardCharsets.UTF_8);
    }

    private static String unsupported(String controlId) {
        return "MSH|^~\\&|LAB|STMARYS|C|D|2026||ZZZ^Z01|" + controlId + "|P|2.5\rPID|1||X\r";
    }

    @Test
    void batchPostedOverHttpIsSplitAdmittedAndAnsweredWithAckPerMessage() throws Exception {
        long before = SharedHub.rawRecords();

        HttpResponse<String> response = post("/hl7v2", ER7, batch(SharedHub.admission("E2E-BATCH-1"),
                unsupported("E2E-BATCH-2"), SharedHub.admission("E2E-BATCH-3")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(ER7);
        assertThat(response.body()).startsWith("BHS|").contains("MSA|AA|E2E-BATCH-1\r").contains("MSA|AR|E2E-BATCH-2\r")
                .contains("MSA|AA|E2E-BATCH-3\r").endsWith("BTS|3\r").doesNotContain("Quillfeather");
        assertThat(SharedHub.rawRecords()).isEqualTo(before + 2);
    }

    @Test
    void batchResentOverHttpIsAcknowledgedAgainAndStoredOnce() throws Exception {
        byte[] body = batch(SharedHub.admission("E2E-BATCH-RESEND"));
        assertThat(post("/hl7v2", ER7, body).body()).contains("MSA|AA|E2E-BATCH-RESEND");
        long before = SharedHub.rawRecords();

        assertThat(post("/hl7v2", ER7, body).body()).contains("MSA|AA|E2E-BATCH-RESEND");
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
    }

    private static Path dropInInbox(String name, byte[] content) throws Exception {
        Path inbox = Files.createDirectories(SharedHub.get().runDir().resolve("inbox/hl7v2"));
        Path staged = Files.write(SharedHub.get().runDir().resolve(name + ".tmp"), content);
        Files.move(staged, inbox.resolve(name));
        return inbox;
    }

    private static boolean anywhereIn(Path inbox, String name) throws Exception {
        try (var files = Files.walk(inbox)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(name));
        }
    }

    @Test
    void batchFileWhoseEveryMessageIsStoredGetsAnAckFileAndIsNotKeptInPlaintext() throws Exception {
        Path inbox = dropInInbox("e2e-inbox-stored.hl7", batch(SharedHub.admission("E2E-INBOX-OK-1"), SharedHub.admission("E2E-INBOX-OK-2")));

        Path ackFile = inbox.resolve(".acks/e2e-inbox-stored.hl7.ack");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(ackFile) && Files.size(ackFile) > 0);

        assertThat(Files.readString(ackFile)).contains("MSA|AA|E2E-INBOX-OK-1\r").contains("MSA|AA|E2E-INBOX-OK-2\r");
        await().atMost(30, TimeUnit.SECONDS).until(() -> !anywhereIn(inbox, "e2e-inbox-stored.hl7"));
        assertThat(anywhereIn(inbox, "1~e2e-inbox-stored.hl7")).as("never queued for a retry").isFalse();
    }

    @Test
    void batchFileWithARefusedMessageWaitsInErrorWithAReasonAndTheStoredOneIsStored() throws Exception {
        long before = SharedHub.rawRecords();
        Path inbox = dropInInbox("e2e-inbox-partly.hl7", batch(SharedHub.admission("E2E-INBOX-1"), unsupported("E2E-INBOX-2")));

        Path ackFile = inbox.resolve(".acks/e2e-inbox-partly.hl7.ack");
        Path reason = inbox.resolve(".error/e2e-inbox-partly.hl7.reason");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(reason));

        assertThat(Files.readString(ackFile)).contains("MSA|AA|E2E-INBOX-1\r").contains("MSA|AR|E2E-INBOX-2\r");
        assertThat(inbox.resolve(".error/e2e-inbox-partly.hl7")).exists();
        assertThat(Files.readString(reason)).contains("1 of 2 messages were refused (AR)").doesNotContain("Quillfeather")
                .doesNotContain("MRN7731001");
        await().atMost(30, TimeUnit.SECONDS).until(() -> !Files.exists(inbox.resolve("e2e-inbox-partly.hl7")));
        assertThat(SharedHub.rawRecords()).isEqualTo(before + 1);
    }

    @Test
    void batchWithAnotherMediaTypeIs415ProblemJsonAndNotEchoed() throws Exception {
        HttpResponse<String> response = post("/hl7v2", "text/plain", batch(SharedHub.admission("E2E-BATCH-415")));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("Quillfeather");
    }

    @Test
    void bodyWithoutAnyMessageIs400ProblemJson() throws Exception {
        HttpResponse<String> response = post("/hl7v2", ER7, "Quillfeather was here".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"status\":400").doesNotContain("Quillfeather");
    }

    @Test
    void javaSerialisedGadgetBodyIsRefusedWithoutBeingRead() throws Exception {
        byte[] gadget = {(byte) 0xac, (byte) 0xed, 0x00, 0x05, 0x73, 0x72};

        assertThat(post("/hl7v2", "application/x-java-serialized-object", gadget).statusCode()).isEqualTo(415);
        assertThat(post("/fhir/r4", "application/x-java-serialized-object", gadget).statusCode()).isEqualTo(415);
        assertThat(post("/admin/replay", "application/x-java-serialized-object", gadget).statusCode()).as("a feed is no admin").isEqualTo(403);
    }

    @Test
    void camelControlHeadersAndParametersFromTheRequestChangeNothing() throws Exception {
        long before = SharedHub.rawRecords();
        String path = "/hl7v2?CamelKafkaOverrideTopic=e2e.hijacked&camelBeanMethodName=stored&CamelHttpUri=http://127.0.0.1:1";

        HttpResponse<String> response = post(path, ER7, batch(SharedHub.admission("E2E-HEADERS")),
                "CAmelExecCommandExecutable", "/bin/sh", "CAMELBEANMETHODNAME", "stored", "camelHttpUri", "http://127.0.0.1:1",
                "CamelKafkaOverrideTopic", "e2e.hijacked", "org.apache.camel.x", "1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("MSA|AA|E2E-HEADERS");
        assertThat(SharedHub.rawRecords()).isEqualTo(before + 1);
        assertThat(TopicReader.topics(SharedHub.get().endpoints().kafka().operator())).doesNotContain("e2e.hijacked");
    }

    @Test
    void fhirResourceIsStoredDurablyAndAnswered202() throws Exception {
        long before = fhirRawRecords();
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"e2e-1\",\"name\":[{\"family\":\"Quillfeather\"}]}";

        HttpResponse<String> response = post("/fhir/r4", "application/fhir+json", patient.getBytes(StandardCharsets.UTF_8),
                "CamelKafkaOverrideTopic", "e2e.hijacked");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"").doesNotContain("Quillfeather");
        assertThat(fhirRawRecords()).isEqualTo(before + 1);
        TopicReader.Record stored = TopicReader.readAll(SharedHub.get().endpoints().kafka().operator(), FHIR_RAW)
                .stream().reduce((a, b) -> b.offset() > a.offset() ? b : a).orElseThrow();
        assertThat(new String(stored.value(), StandardCharsets.ISO_8859_1)).as("encrypted at rest").doesNotContain("Quillfeather");
        assertThat(stored.headers()).containsKeys("careledger-key-id", "careledger-received-at");
    }

    @Test
    void formatParameterAndAcceptHeaderDoNotChangeHowTheBodyIsRead() throws Exception {
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"e2e-format\"}";

        HttpResponse<String> response = post("/fhir/r4?_format=xml", "application/fhir+json",
                patient.getBytes(StandardCharsets.UTF_8), "Accept", "application/fhir+xml");
        HttpResponse<String> xmlSentAsJson = post("/fhir/r4?_format=json", "application/fhir+json",
                "<Patient xmlns=\"http://hl7.org/fhir\"/>".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/fhir+json");
        assertThat(xmlSentAsJson.statusCode()).isEqualTo(400);
    }

    @Test
    void fhirTransactionBundleIsAccepted() throws Exception {
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Hb\"}},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";

        assertThat(post("/fhir/r4", "application/fhir+json", bundle.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
    }

    @Test
    void invalidFhirIsRefusedWithAnOperationOutcomeAndNotStored() throws Exception {
        long before = fhirRawRecords();

        HttpResponse<String> notJson = post("/fhir/r4", "application/fhir+json", "{\"resourceType\":\"Patient\",".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> wrongType = post("/fhir/r4", "application/fhir+json", "{\"resourceType\":\"Quillfeather\"}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> missing = post("/fhir/r4", "application/fhir+json", "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8));
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&x;\"/></Patient>";
        HttpResponse<String> entity = post("/fhir/r4", "application/fhir+xml", xxe.getBytes(StandardCharsets.UTF_8));

        assertThat(List.of(notJson.statusCode(), wrongType.statusCode(), missing.statusCode(), entity.statusCode()))
                .containsExactly(400, 400, 422, 400);
        for (HttpResponse<String> r : List.of(notJson, wrongType, missing, entity)) {
            assertThat(r.body()).contains("\"resourceType\":\"OperationOutcome\"").doesNotContain("Quillfeather").doesNotContain("root:");
        }
        assertThat(fhirRawRecords()).isEqualTo(before);
    }

    @Test
    void fhirBundleWithTenThousandEntriesIs422() throws Exception {
        StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
        for (int i = 0; i < 10_000; i++) {
            bundle.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p").append(i).append("\"}}");
        }
        bundle.append("]}");

        HttpResponse<String> response = post("/fhir/r4", "application/fhir+json", bundle.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("too-costly");
    }

    @Test
    void fiftyMebibyteFhirBodyIsRefusedAtTheDoor() throws Exception {
        long before = fhirRawRecords();
        byte[] huge = new byte[50 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        byte[] start = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[]".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, huge, 0, start.length);
        huge[huge.length - 1] = '}';

        int status;
        try {
            status = post("/fhir/r4", "application/fhir+json", huge).statusCode();
        } catch (java.io.IOException closedWhileSending) {
            status = 413; // the server may answer and close before the upload finishes
        }

        assertThat(status).isEqualTo(413);
        assertThat(fhirRawRecords()).isEqualTo(before);
    }
}
