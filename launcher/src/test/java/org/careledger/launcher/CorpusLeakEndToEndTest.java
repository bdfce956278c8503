package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.careledger.connectors.hl7.Hl7Header;
import org.careledger.devstack.KafkaAccess;
import org.careledger.mappings.phi.Corpus;
import org.careledger.mappings.phi.PhiScanner;
import org.junit.jupiter.api.Test;

/**
 * BAD-INPUTS 37 and the issue's corpus check on the real path: every corpus message over MLLP and
 * every FHIR corpus file over HTTP into the shared hub (Kafka, PostgreSQL, anvil, both apps), then
 * every record on every event, dead-letter and tamper topic (value, key, headers), both apps' log
 * files and metrics, and the calldata of every transaction on the chain are searched for the
 * identifiers the inputs carried. The first hit fails the test and says where, never what.
 */
class CorpusLeakEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Numbers a log writes that the test knows are not identifiers: ports after an address, byte counts
     * and durations. An ephemeral port once equalled a corpus ZIP code (37209) and failed the run.
     */
    private static final Pattern SOCKETS_AND_SIZES = Pattern.compile(
            "(?<=\\d\\.\\d{1,3}:|localhost:)\\d+|\\d+(?=-byte|\\s?(?:ms|milliseconds|bytes)\\b)");
    private static final Pattern OUTPUT_TOPICS = Pattern.compile("careledger\\.(events\\..*|dlq|ledger\\.tamper)");

    @Test
    void theWholeCorpusThroughMllpAndHttpLeavesNoIdentifierInTopicsLogsMetricsOrCalldata() throws Exception {
        Hub hub = SharedHub.get();
        KafkaAccess bootstrap = hub.endpoints().kafka().operator();
        Corpus corpus = new Corpus(SharedHub.home().resolve("mappings/src/test/resources"));
        List<PhiScanner> scanners = new ArrayList<>();
        List<PhiScanner> fhirScanners = new ArrayList<>();
        Map<String, PhiScanner> byEventId = new java.util.HashMap<>();
        Map<String, Long> before = TopicReader.endOffsets(bootstrap, OUTPUT_TOPICS);

        Map<String, Integer> acks = new TreeMap<>();
        List<Corpus.Item> hl7 = new ArrayList<>(corpus.publicHl7());
        hl7.addAll(corpus.goldenInEveryVersion(37L));
        int n = 0;
        for (Corpus.Item item : hl7) {
            String er7 = asProductionMessage(item.text(), "E2E-LEAK-" + (++n));
            PhiScanner scanner = PhiScanner.ofHl7(er7);
            scanners.add(scanner);
            // the event id is derived from the header exactly as the routes app does, so each event is
            // scanned for its own message's identifiers (another message's "Robert" may be a doctor here)
            if (Hl7Header.read(er7.getBytes(StandardCharsets.UTF_8)).isPresent()) {
                byEventId.put(SharedHub.eventId(er7), scanner);
            }
            acks.merge(String.valueOf(SharedHub.send(er7).code()), 1, Integer::sum);
        }
        Map<Integer, Integer> fhirAnswers = new TreeMap<>();
        for (Corpus.Item item : corpus.fhir()) {
            String body = item.text().replace("\uFEFF", "");
            fhirScanners.add(PhiScanner.ofFhir(JSON.readTree(body)));
            fhirAnswers.merge(postFhir(body), 1, Integer::sum);
        }
        System.out.printf("corpus end to end: %d HL7 messages %s, %d FHIR inputs %s%n", hl7.size(), acks, corpus.fhir().size(), fhirAnswers);
        assertThat(acks.getOrDefault("AA", 0)).isGreaterThan(hl7.size() * 8 / 10);
        assertThat(fhirAnswers.getOrDefault(202, 0)).isGreaterThanOrEqualTo(20);

        awaitConsumed(bootstrap, "careledger-routes-hl7v2", "careledger.hl7v2.raw");
        awaitConsumed(bootstrap, "careledger-routes-fhir", "careledger.fhir.raw");
        scanners.addAll(fhirScanners);
        PhiScanner all = PhiScanner.union(scanners);
        PhiScanner fhirInputs = PhiScanner.union(fhirScanners);

        int scanned = 0;
        for (TopicReader.Record record : TopicReader.readAll(bootstrap, OUTPUT_TOPICS)) {
            if (record.offset() < before.getOrDefault(record.topic() + "-" + record.partition(), 0L)) {
                continue;
            }
            scanned++;
            String where = record.topic() + "/" + record.partition() + "@" + record.offset();
            // an event is scanned for its own input's identifiers (a FHIR event: every FHIR input's); anything
            // else (dead letters, tamper alerts) must hold nobody's
            PhiScanner own = record.topic().startsWith("careledger.events.")
                    ? record.cloudEventId().map(byEventId::get).orElse(fhirInputs) : all;
            own.firstLeakIn(record.valueText()).ifPresent(source -> fail("leak of " + source + " in the value of " + where));
            all.firstLeakIn(String.valueOf(record.key()) + " " + record.headers())
                    .ifPresent(source -> fail("leak of " + source + " in the key or headers of " + where));
        }
        assertThat(scanned).as("records written by this run").isGreaterThan(hl7.size());

        for (AppProcess app : List.of(hub.routes(), hub.bridge())) {
            all.firstLeakIn(withoutSocketsAndSizes(Files.readString(app.log(), StandardCharsets.UTF_8)))
                    .ifPresent(source -> fail("leak of " + source + " in " + app.log().getFileName()));
            all.firstLeakIn(get("http://127.0.0.1:" + app.httpPort() + "/q/metrics"))
                    .ifPresent(source -> fail("leak of " + source + " in the metrics of " + app.log().getFileName()));
        }

        int transactions = 0;
        long head = Long.decode(rpc(hub, "eth_blockNumber").asText());
        for (long block = 0; block <= head; block++) {
            for (JsonNode tx : rpc(hub, "eth_getBlockByNumber", "0x" + Long.toHexString(block), true).path("transactions")) {
                transactions++;
                String input = tx.path("input").asText("0x").substring(2);
                String asText = new String(HexFormat.of().parseHex(input.length() % 2 == 0 ? input : "0" + input), StandardCharsets.ISO_8859_1);
                all.firstLeakIn(asText).ifPresent(source -> fail("leak of " + source + " in calldata of " + tx.path("hash").asText()));
            }
        }
        assertThat(transactions).as("anchors were sent").isPositive();
    }

    /**
     * Unique MSH-10 (the duplicate window would otherwise drop resends), production processing id, and
     * original acknowledgment mode (MSH-15/16 empty), so every message is answered.
     */
    static String asProductionMessage(String er7, String controlId) {
        String[] segments = er7.split("\r", -1);
        String[] msh = segments[0].split("\\|", -1);
        if (msh.length > 11) {
            msh[9] = controlId;
            msh[10] = "P";
        }
        for (int field = 14; field <= 15 && field < msh.length; field++) {
            msh[field] = "";
        }
        segments[0] = String.join("|", msh);
        return String.join("\r", segments);
    }

    private static int postFhir(String body) throws Exception {
        String url = "http://127.0.0.1:" + SharedHub.get().ports().routesHttp() + "/fhir/r4";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/fhir+json").header("Authorization", SharedHub.bearer(SharedHub.FEED))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theLogScanIgnoresPortsSizesAndDurationsButNotTheSameNumberElsewhere() {
        assertThat(withoutSocketsAndSizes("Listening on: http://127.0.0.1:37209; from /127.0.0.1:37209 => localhost:37209"))
                .doesNotContain("37209");
        assertThat(withoutSocketsAndSizes("refused a 37209-byte request after 37209 ms (37209 bytes)")).doesNotContain("37209");
        assertThat(withoutSocketsAndSizes("patient at 12 Elm St, Nashville TN 37209, seen 2026-01-01:37209"))
                .contains("TN 37209").contains(":37209");
    }

    static String withoutSocketsAndSizes(String log) {
        return SOCKETS_AND_SIZES.matcher(log).replaceAll("#");
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", SharedHub.bearer("metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode rpc(Hub hub, String method, Object... params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(hub.endpoints().rpcUrl())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("result");
    }

    /** Waits until the group has committed up to the end of every partition of the topic: every record is processed. */
    private static void awaitConsumed(KafkaAccess bootstrap, String group, String topic) {
        Awaitility.await().atMost(180, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, Long> ends = TopicReader.endOffsets(bootstrap, Pattern.compile(Pattern.quote(topic)));
            try (Admin admin = Admin.create(bootstrap.config())) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                Set<String> done = new java.util.HashSet<>();
                committed.forEach((tp, offset) -> {
                    if (offset != null && offset.offset() >= ends.getOrDefault(tp.topic() + "-" + tp.partition(), 0L)) {
                        done.add(tp.topic() + "-" + tp.partition());
                    }
                });
                return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || done.contains(e.getKey()));
            }
        });
    }
}
