package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.careledger.claims.webhook.WebhookPoster;
import org.careledger.claims.webhook.WebhookSignature;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.ClaimsDeployment;
import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.contracts.generated.ParticipantRegistry;
import org.careledger.contracts.generated.TestStablecoin;
import org.careledger.devstack.AnvilNode;
import org.careledger.devstack.FreePorts;
import org.careledger.devstack.StackEndpoints;
import org.careledger.platform.events.EventSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;

/**
 * Claim settlement end to end on the shared hub (real Kafka, PostgreSQL and anvil): a DFT^P03 sent
 * over MLLP is de-identified into a claim event, anchored, adjudicated and paid by
 * {@code ClaimSettlement}, published as a ClaimResponse and delivered, signed, to the payer's webhook.
 */
class ClaimSettlementEndToEndTest {

    /** anvil's account 7: the payer of these tests. */
    private static final String PAYER_KEY = "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356";
    private static final String PAYER = "PAYER-E2E";
    private static final String SECRET = "whsec_e2e_0123456789abcdef";
    private static final BigInteger USD = BigInteger.valueOf(1_000_000);
    private static final long YEAR_2026 = LocalDate.of(2026, 1, 1).toEpochDay();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Hub hub;
    private static StackEndpoints.Claims claims;
    private static ChainSession admin;
    private static ChainSession payer;
    private static HttpServer webhook;
    private static final List<Map.Entry<Map<String, List<String>>, byte[]>> RECEIVED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void onboardThePayer() throws Exception {
        hub = SharedHub.get();
        claims = hub.endpoints().claims();
        assertThat(claims).as("the dev stack deploys settlement on its anvil").isNotNull();
        admin = session(AnvilNode.DEPLOYER_KEY);
        payer = session(PAYER_KEY);
        ParticipantRegistry registry = ParticipantRegistry.load(claims.registry(), admin.web3j(), admin.transactions(), admin.gas());
        registry.register(ClaimsDeployment.participantId(PAYER), ClaimsDeployment.PAYER, payer.address()).send();
        registry.addKey(ClaimsDeployment.participantId(PAYER), payer.address()).send();
        TestStablecoin.load(claims.token(), admin.web3j(), admin.transactions(), admin.gas()).mint(payer.address(), usd(100_000)).send();
        TestStablecoin.load(claims.token(), payer.web3j(), payer.transactions(), payer.gas()).approve(claims.settlement(), usd(5_000)).send();
        settlementAs(payer).fund(usd(5_000)).send();

        int port = FreePorts.pick();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        webhook.createContext("/payer-e2e/settlements", exchange -> {
            RECEIVED.add(Map.entry(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        HttpResponse<String> subscribed = post("/payers/" + PAYER + "/subscriptions",
                "{\"url\":\"http://127.0.0.1:" + port + "/payer-e2e/settlements\",\"secret\":\"" + SECRET + "\"}");
        assertThat(subscribed.statusCode()).isEqualTo(201);
        assertThat(subscribed.body()).doesNotContain(SECRET);
    }

    @AfterAll
    static void close() {
        if (webhook != null) {
            webhook.stop(0);
        }
        admin.close();
        payer.close();
    }

    @Test
    void aDftP03OverMllpEndsAsATokenTransferAClaimResponseOnKafkaAndASignedWebhook() throws Exception {
        String member = publicIdOf("MRN-E2E-CLAIM-1", "E2E-CLM-ADT-1");
        coverUnderPlanBav(member);
        BigInteger before = providerBalance();

        assertThat(SharedHub.send(dft("E2E-CLM-DFT-1", "MRN-E2E-CLAIM-1", "STMARYS", PAYER, "TXN-E2E-1", "90.00")).code()).isEqualTo("AA");
        String eventId = eventId(dft("E2E-CLM-DFT-1", "MRN-E2E-CLAIM-1", "STMARYS", PAYER, "TXN-E2E-1", "90.00"));
        String claimKey = claimKeyOf(eventId);
        JsonNode claim = awaitClaim(claimKey, "partially-settled");

        // 250 billed, 200 allowed; 48.50 billed and allowed; 71045 not covered
        assertThat(providerBalance().subtract(before)).as("paid to the provider in the token").isEqualTo(BigInteger.valueOf(248_500_000));
        assertThat(claim.path("paid").asText()).isEqualTo("248500000");
        assertThat(claim.path("lineOutcomes").toString()).isEqualTo("[1,0,2]");

        TopicReader.Record settlement = TopicReader.readAll(hub.endpoints().kafka().operator(),
                Pattern.compile("careledger\\.claims\\.settlements")).stream()
                .filter(r -> claim.path("claimId").asText().equals(r.key())).findFirst().orElseThrow();
        JsonNode response = JSON.readTree(settlement.value()).at("/data/entry/0/resource");
        assertThat(response.path("resourceType").asText()).isEqualTo("ClaimResponse");
        assertThat(response.path("outcome").asText()).isEqualTo("partial");
        assertThat(response.at("/payment/amount/value").decimalValue()).isEqualByComparingTo("248.5");
        assertThat(response.at("/payment/identifier/value").asText()).isEqualTo(claim.path("txHash").asText());
        assertThat(response.at("/patient/reference").asText()).isEqualTo("Patient/" + member);
        try (ProofCheck proofs = new ProofCheck(hub.bridgeUrl(), hub.endpoints().rpcUrl())) {
            JsonNode proof = proofs.fetch(eventId).orElseThrow();
            assertThat(response.at("/extension/0/extension/2/valueString").asText()).as("the payment names the anchored record")
                    .isEqualTo(proof.path("eventHash").asText());
            // what ClaimSettlement checked before it paid, served beside the event's proof for a claims app to read
            assertThat(proof.path("claimLeafProof").isArray()).isTrue();
            List<String> claimLeafProof = new java.util.ArrayList<>();
            proof.path("claimLeafProof").forEach(node -> claimLeafProof.add(node.asText()));
            assertThat(claimLeafProof).isNotEmpty().allMatch(node -> node.matches("0x[0-9a-f]{64}"));
        }
        assertThat(JSON.readTree(settlement.value()).at("/data/entry/1/resource/resourceType").asText()).isEqualTo("ExplanationOfBenefit");

        var delivery = await().atMost(60, TimeUnit.SECONDS).until(() -> RECEIVED.stream()
                .filter(r -> new String(r.getValue(), StandardCharsets.UTF_8).contains(claim.path("claimId").asText())).findFirst(),
                java.util.Optional::isPresent).get();
        assertThat(delivery.getValue()).as("the webhook carries the same settlement as Kafka").isEqualTo(settlement.value());
        assertThat(WebhookSignature.verify(SECRET, header(delivery.getKey(), WebhookSignature.HEADER), delivery.getValue(),
                Instant.now(), Duration.ofMinutes(5))).as("signed with the subscription's secret").isTrue();
        assertThat(header(delivery.getKey(), WebhookPoster.IDEMPOTENCY_HEADER)).startsWith("dlv-");
        JsonNode delivered = await().atMost(30, TimeUnit.SECONDS).until(() -> getClaim(claimKey),
                c -> c.path("deliveries").path(0).path("status").asText().equals("delivered"));
        assertThat(delivered.path("history").findValuesAsText("status"))
                .containsSubsequence("received", "submitted", "partially-settled", "webhook-delivered");

        String published = settlement.valueText() + " " + new String(delivery.getValue(), StandardCharsets.UTF_8) + " " + delivered;
        for (String phi : List.of("MRN-E2E-CLAIM-1", "QUILLFEATHER", "Quillfeather", "ORSOLYA", "219-09-9999", "ELMWOOD", "MBR-2290417",
                "POL-55102", "TXN-E2E-1")) {
            assertThat(published).as("no identifier in what the payer receives").doesNotContain(phi);
        }
    }

    @Test
    void claimsForAnUnregisteredPayerOrProviderAreRefusedAndNothingIsPaid() throws Exception {
        BigInteger before = providerBalance();
        assertThat(SharedHub.send(dft("E2E-CLM-DFT-2", "MRN-E2E-CLAIM-2", "STMARYS", "PAYER-NOBODY", "TXN-E2E-2", "90.00")).code())
                .isEqualTo("AA");
        assertThat(SharedHub.send(dft("E2E-CLM-DFT-3", "MRN-E2E-CLAIM-3", "OTHERCLINIC", PAYER, "TXN-E2E-3", "90.00")).code())
                .isEqualTo("AA");
        JsonNode unknownPayer = awaitClaim(claimKeyOf(eventId(dft("E2E-CLM-DFT-2", "MRN-E2E-CLAIM-2", "STMARYS", "PAYER-NOBODY", "TXN-E2E-2", "90.00"))), "rejected");
        JsonNode unknownProvider = awaitClaim(claimKeyOf(eventId(dft("E2E-CLM-DFT-3", "MRN-E2E-CLAIM-3", "OTHERCLINIC", PAYER, "TXN-E2E-3", "90.00"))), "rejected");
        assertThat(unknownPayer.path("statusReason").asText()).isEqualTo("payer-not-registered");
        assertThat(unknownProvider.path("statusReason").asText()).isEqualTo("provider-not-registered");
        assertThat(unknownPayer.path("txHash").isNull()).isTrue();
        assertThat(providerBalance()).isEqualTo(before);
    }

    @Test
    void aNegativeAmountIsDeadLetteredNamingTheFieldAndRuleNotTheValue() throws Exception {
        assertThat(SharedHub.send(dft("E2E-CLM-DFT-4", "MRN-E2E-CLAIM-4", "STMARYS", PAYER, "TXN-E2E-4", "-90.00")).code())
                .isEqualTo("AA");
        String eventId = eventId(dft("E2E-CLM-DFT-4", "MRN-E2E-CLAIM-4", "STMARYS", PAYER, "TXN-E2E-4", "-90.00"));
        String claimKey = claimKeyOf(eventId);
        TopicReader.Record event = claimEvent(eventId);
        TopicReader.Record letter = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() ->
                TopicReader.readAll(hub.endpoints().kafka().operator(), Pattern.compile("careledger\\.dlq")).stream()
                        .filter(r -> "claim-invalid-amount".equals(r.key()) && refersTo(r, event))
                        .findFirst(), java.util.Optional::isPresent).get();
        assertThat(JSON.readTree(letter.value()).path("detail").asText()).isEqualTo("Claim.item.net.value: negative");
        assertThat(letter.valueText()).doesNotContain("90");
        HttpResponse<String> unknown = get("/claims/" + claimKey);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void aClaimSentAgainUnderAnotherControlIdIsDeadLetteredAsADuplicate() throws Exception {
        assertThat(SharedHub.send(dft("E2E-CLM-DFT-5", "MRN-E2E-CLAIM-5", "STMARYS", "PAYER-NOBODY", "TXN-E2E-5", "90.00")).code())
                .isEqualTo("AA");
        String claimKey = claimKeyOf(eventId(dft("E2E-CLM-DFT-5", "MRN-E2E-CLAIM-5", "STMARYS", "PAYER-NOBODY", "TXN-E2E-5", "90.00")));
        awaitClaim(claimKey, "rejected");
        assertThat(SharedHub.send(dft("E2E-CLM-DFT-5B", "MRN-E2E-CLAIM-5", "STMARYS", "PAYER-NOBODY", "TXN-E2E-5", "90.00")).code())
                .isEqualTo("AA");
        String againId = eventId(dft("E2E-CLM-DFT-5B", "MRN-E2E-CLAIM-5", "STMARYS", "PAYER-NOBODY", "TXN-E2E-5", "90.00"));
        assertThat(claimKeyOf(againId)).as("the same claim number gets the same pseudonym").isEqualTo(claimKey);
        TopicReader.Record again = claimEvent(againId);
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() ->
                TopicReader.readAll(hub.endpoints().kafka().operator(), Pattern.compile("careledger\\.dlq")).stream()
                        .anyMatch(r -> "claim-duplicate".equals(r.key()) && refersTo(r, again)));
        JsonNode claim = getClaim(claimKey);
        assertThat(claim.path("eventId").asText()).as("the first event keeps the claim").isEqualTo(eventId(dft("E2E-CLM-DFT-5", "MRN-E2E-CLAIM-5", "STMARYS", "PAYER-NOBODY", "TXN-E2E-5", "90.00")));
        assertThat(claim.path("history").findValuesAsText("status")).contains("duplicate-refused");
    }

    @Test
    void forgedClaimEventsWrittenStraightToKafkaAreDeadLetteredAndNothingIsPaid() throws Exception {
        String member = publicIdOf("MRN-E2E-FORGE", "E2E-FORGE-ADT");
        coverUnderPlanBav(member);
        String genuine = dft("E2E-CLM-FORGE-SRC", "MRN-E2E-FORGE", "STMARYS", PAYER, "TXN-E2E-FORGE", "90.00");
        assertThat(SharedHub.send(genuine).code()).isEqualTo("AA");
        awaitClaim(claimKeyOf(eventId(genuine)), "partially-settled");
        String published = claimEvent(eventId(genuine)).valueText();
        com.fasterxml.jackson.databind.node.ObjectNode template = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(published);
        BigInteger before = providerBalance();

        com.fasterxml.jackson.databind.node.ObjectNode unsigned = forgery(template, "unsigned");
        unsigned.remove(List.of(EventSignature.SIGNATURE, EventSignature.KEY_ID));
        String strangerKey = java.util.Base64.getEncoder().encodeToString(
                java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
        byte[] wrongKey = new EventSignature.Signer(hub.issuer().eventKey().keyId(), strangerKey)
                .sign(JSON.writeValueAsBytes(forgery(template, "wrong-key")));
        byte[] unknownKey = new EventSignature.Signer("not-a-hub-key", strangerKey).sign(JSON.writeValueAsBytes(forgery(template, "unknown-key")));
        // the genuine event itself, signature kept, with every amount doubled
        String doubled = published.replace("\"value\":250.00", "\"value\":500.00").replace("\"value\":48.50", "\"value\":97.00");
        assertThat(doubled).isNotEqualTo(published).contains(EventSignature.SIGNATURE);
        List<org.apache.kafka.clients.producer.RecordMetadata> written = new java.util.ArrayList<>();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                hub.endpoints().kafka().operator().config(),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (byte[] forged : List.of(JSON.writeValueAsBytes(unsigned), wrongKey, unknownKey, doubled.getBytes(StandardCharsets.UTF_8))) {
                written.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("careledger.events.claim",
                        template.path("subject").asText(), forged)).get());
            }
        }

        for (org.apache.kafka.clients.producer.RecordMetadata w : written) {
            TopicReader.Record letter = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() ->
                    TopicReader.readAll(hub.endpoints().kafka().operator(), Pattern.compile("careledger\\.dlq")).stream()
                            .filter(r -> "event-unauthenticated".equals(r.key()) && refersTo(r, w.topic(), w.partition(), w.offset()))
                            .findFirst(), java.util.Optional::isPresent).get();
            assertThat(JSON.readTree(letter.value()).path("detail").asText()).startsWith("careledger");
        }
        SharedHub.anchoredProof("E2E-AFTER-FORGE"); // the bridge has read past the forgeries
        for (String forged : List.of("unsigned", "wrong-key", "unknown-key")) {
            assertThat(get("/claims/" + claimKeyOf(template) + "-" + forged).statusCode()).as(forged).isEqualTo(404);
        }
        assertThat(providerBalance()).as("nothing paid").isEqualTo(before);
    }

    /** The payer's plan BAV: 200 USD for 99223, 60 USD for 80053, no co-pay, this member covered through 2026. */
    private static void coverUnderPlanBav(String member) throws Exception {
        byte[] policyId = Hash.sha3((PAYER + "/BAV").getBytes(StandardCharsets.UTF_8));
        ClaimSettlement asPayer = settlementAs(payer);
        asPayer.registerPolicy(policyId, usd(10_000), BigInteger.ZERO).send();
        asPayer.setAllowedAmounts(policyId, List.of(code("99223"), code("80053")), List.of(usd(200), usd(60))).send();
        asPayer.setMemberCoverage(policyId, List.of(code(member)), List.of(BigInteger.valueOf(YEAR_2026)),
                List.of(BigInteger.valueOf(YEAR_2026 + 364))).send();
    }

    /** The template claim event under a new event id and claim identifier, so it is not a repeat of the genuine one. */
    private static com.fasterxml.jackson.databind.node.ObjectNode forgery(com.fasterxml.jackson.databind.node.ObjectNode template, String label) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = template.deepCopy();
        copy.put("id", template.path("id").asText() + "-" + label);
        for (JsonNode entry : copy.at("/data/entry")) {
            if (entry.at("/resource/resourceType").asText().equals("Claim")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) entry.at("/resource/identifier/0"))
                        .put("value", entry.at("/resource/identifier/0/value").asText() + "-" + label);
            }
        }
        return copy;
    }

    private static String claimKeyOf(JsonNode event) {
        for (JsonNode entry : event.at("/data/entry")) {
            if (entry.at("/resource/resourceType").asText().equals("Claim")) {
                return entry.at("/resource/identifier/0/value").asText();
            }
        }
        throw new AssertionError("no Claim in the event");
    }

    @Test
    void aClaimIsSeenOnlyByItsPayerItsProviderAndAnOperator() throws Exception {
        String dft = dft("E2E-CLM-AUTHZ", "MRN-E2E-CLAIM-AUTHZ", "STMARYS", "PAYER-AUTHZ", "TXN-E2E-AUTHZ", "90.00");
        assertThat(SharedHub.send(dft).code()).isEqualTo("AA");
        String path = "/claims/" + claimKeyOf(eventId(dft));
        awaitClaim(claimKeyOf(eventId(dft)), "rejected");

        assertThat(call("GET", path, null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", path, "payer:" + PAYER, null).statusCode()).as("another payer").isEqualTo(403);
        assertThat(call("GET", path, "provider:OTHERCLINIC", null).statusCode()).as("another provider").isEqualTo(403);
        assertThat(call("GET", path, SharedHub.FEED, null).statusCode()).as("a feed").isEqualTo(403);
        assertThat(call("GET", path, "payer:PAYER-AUTHZ", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", path, "provider:STMARYS", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", path, "admin", null).statusCode()).isEqualTo(200);
        HttpResponse<String> forbidden = call("GET", path, "payer:" + PAYER, null);
        assertThat(forbidden.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(forbidden.body()).doesNotContain("PAYER-AUTHZ");
    }

    @Test
    void subscriptionsAreThePayersOwnAndNoOtherPayerCanReadOrDeleteThem() throws Exception {
        String own = "/payers/" + PAYER + "/subscriptions";
        String body = "{\"url\":\"https://payer.example/authz\"}";
        assertThat(call("POST", own, null, body).statusCode()).isEqualTo(401);
        assertThat(call("POST", own, "payer:PAYER-OTHER", body).statusCode()).isEqualTo(403);
        assertThat(call("POST", own, "admin", body).statusCode()).as("an operator is not the payer").isEqualTo(403);
        HttpResponse<String> created = call("POST", own, "payer:" + PAYER, body);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("subscriptionId").asText();

        assertThat(call("GET", own, null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", own, "payer:PAYER-OTHER", null).statusCode()).isEqualTo(403);
        assertThat(call("GET", own, "payer:" + PAYER, null).body()).contains(id);
        assertThat(call("DELETE", own + "/" + id, null, null).statusCode()).isEqualTo(401);
        assertThat(call("DELETE", own + "/" + id, "payer:PAYER-OTHER", null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/payers/PAYER-OTHER/subscriptions/" + id, "payer:PAYER-OTHER", null).statusCode())
                .as("another payer's subscription id under one's own path").isEqualTo(404);
        assertThat(call("GET", own, "payer:" + PAYER, null).body()).as("still there").contains(id);
        assertThat(call("DELETE", own + "/" + id, "payer:" + PAYER, null).statusCode()).isEqualTo(204);
    }

    private static HttpResponse<String> call(String method, String path, String role, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.claimsUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (role != null) {
            request.header("Authorization", SharedHub.bearer(role));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSubscriptionNeedsAnHttpUrlAndARegisteredPayer() throws Exception {
        HttpResponse<String> badUrl = post("/payers/" + PAYER + "/subscriptions", "{\"url\":\"ftp://127.0.0.1/x\"}");
        assertThat(badUrl.statusCode()).isEqualTo(400);
        assertThat(badUrl.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(badUrl.body()).path("detail").asText()).startsWith("url:");
        // the dev stack admits 127.0.0.1/32 for local receivers; every other internal address stays refused
        for (String internal : List.of("http://127.0.0.2:8080/x", "http://[::1]/x", "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/x", "http://0.0.0.0/x", "https://user:pw@payer.example/x")) {
            HttpResponse<String> refused = post("/payers/" + PAYER + "/subscriptions", "{\"url\":\"" + internal + "\"}");
            assertThat(refused.statusCode()).as(internal).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("detail").asText()).as(internal).startsWith("url: ");
        }
        HttpResponse<String> unknownPayer = post("/payers/PAYER-UNKNOWN/subscriptions", "{\"url\":\"https://payer.example/hook\"}");
        assertThat(unknownPayer.statusCode()).isEqualTo(404);
        HttpResponse<String> generated = post("/payers/" + PAYER + "/subscriptions", "{\"url\":\"https://payer.example/hook\"}");
        assertThat(generated.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(generated.body()).path("secret").asText()).as("a generated secret is shown once").startsWith("whsec_");
        String id = JSON.readTree(generated.body()).path("subscriptionId").asText();
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(hub.claimsUrl() + "/payers/" + PAYER + "/subscriptions/" + id)).DELETE()
                .header("Authorization", SharedHub.bearer("payer:" + PAYER)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        assertThat(get("/payers/" + PAYER + "/subscriptions").body()).doesNotContain("whsec_");
    }

    // ---- helpers ----

    private static String dft(String control, String mrn, String facility, String payerId, String txn, String amount3) throws Exception {
        return Files.readString(SharedHub.home().resolve("launcher/src/main/resources/faults/dft-p03.hl7"))
                .replace("{CONTROL}", control).replace("{MRN}", mrn).replace("{FACILITY}", facility).replace("{PAYER}", payerId)
                .replace("{TXN}", txn).replace("{AMOUNT3}", amount3);
    }

    private static boolean refersTo(TopicReader.Record letter, String topic, int partition, long offset) {
        try {
            JsonNode l = JSON.readTree(letter.value());
            return l.path("offset").asLong() == offset && l.path("partition").asInt() == partition && l.path("topic").asText().equals(topic);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Whether a dead letter points at this record. */
    private static boolean refersTo(TopicReader.Record letter, TopicReader.Record record) {
        try {
            JsonNode l = JSON.readTree(letter.value());
            return l.path("offset").asLong() == record.offset() && l.path("partition").asInt() == record.partition()
                    && l.path("topic").asText().equals(record.topic());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String eventId(String er7) {
        return SharedHub.eventId(er7);
    }

    /** Admits the patient first: the payer covers members by the public ID the hub gave them. */
    private static String publicIdOf(String mrn, String control) throws Exception {
        String er7 = SharedHub.admission(control).replace("MRN7731001", mrn);
        assertThat(SharedHub.send(er7).code()).isEqualTo("AA");
        String id = SharedHub.eventId(er7);
        return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() ->
                TopicReader.readEvents(hub.endpoints().kafka().operator(), Pattern.compile("careledger\\.events\\..*")).stream()
                        .filter(r -> r.cloudEventId().orElse("").equals(id)).findFirst().map(r -> {
                            try {
                                return JSON.readTree(r.value()).path("subject").asText();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }).orElse(null), java.util.Objects::nonNull);
    }

    private static TopicReader.Record claimEvent(String eventId) {
        return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() ->
                TopicReader.readEvents(hub.endpoints().kafka().operator(), Pattern.compile("careledger\\.events\\.claim")).stream()
                        .filter(r -> r.cloudEventId().orElse("").equals(eventId)).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    /** The claim's pseudonymous identifier, from its event. */
    private static String claimKeyOf(String eventId) throws Exception {
        for (JsonNode entry : JSON.readTree(claimEvent(eventId).value()).at("/data/entry")) {
            if (entry.at("/resource/resourceType").asText().equals("Claim")) {
                return entry.at("/resource/identifier/0/value").asText();
            }
        }
        throw new AssertionError("no Claim in " + eventId);
    }

    private static JsonNode awaitClaim(String claimKey, String status) {
        return await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> getClaim(claimKey),
                c -> c != null && status.equals(c.path("status").asText()));
    }

    private static JsonNode getClaim(String claimKey) throws Exception {
        HttpResponse<String> r = get("/claims/" + claimKey);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        // claims of several payers and providers are read here: as an operator; AuthorizationEndToEndTest checks each party
        String role = path.startsWith("/claims/") ? "admin" : "payer:" + PAYER;
        return HTTP.send(HttpRequest.newBuilder(URI.create(hub.claimsUrl() + path)).header("Authorization", SharedHub.bearer(role))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(hub.claimsUrl() + path)).header("Content-Type", "application/json")
                .header("Authorization", SharedHub.bearer(path.startsWith("/payers/" + PAYER + "/") ? "payer:" + PAYER : "payer:PAYER-UNKNOWN"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst().map(e -> e.getValue().get(0))
                .orElse(null);
    }

    private static BigInteger providerBalance() throws Exception {
        return TestStablecoin.load(claims.token(), admin.web3j(), admin.transactions(), admin.gas())
                .balanceOf(Credentials.create(claims.providerKey()).getAddress()).send();
    }

    private static ClaimSettlement settlementAs(ChainSession who) {
        return ClaimSettlement.load(claims.settlement(), who.web3j(), who.transactions(), who.gas());
    }

    private static ChainSession session(String key) {
        return new ChainSession(hub.endpoints().rpcUrl(), hub.endpoints().chainId(), key, ChainSession.FeeCaps.gwei(100, 2, 3_000_000));
    }

    private static byte[] code(String text) {
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }

    private static BigInteger usd(long whole) {
        return BigInteger.valueOf(whole).multiply(USD);
    }
}
