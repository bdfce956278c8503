package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.devstack.KafkaAccess;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/**
 * The walking skeleton end to end on real parts: an ADT^A01 over a real MLLP socket, a real Kafka
 * broker, PostgreSQL and anvil; the ACK, the de-identified event, the anchor on chain and the proof.
 */
class ThinPathEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void admissionIsAckedPublishedDeidentifiedAnchoredAndProvable() throws Exception {
        Hub hub = SharedHub.get();
        String er7 = Files.readString(SharedHub.home().resolve("docker/samples/01-adt-a01-v25.hl7"))
                .replace("CTRL1001", "E2E-THIN-1");

        String ackText;
        try (MllpClient client = new MllpClient("127.0.0.1", hub.ports().mllp(), 30_000, StandardCharsets.UTF_8)) {
            ackText = client.send(er7);
        }
        Demo.Ack ack = Demo.Ack.parse(ackText);
        assertThat(ack.code()).isEqualTo("AA");
        assertThat(ack.controlId()).isEqualTo("E2E-THIN-1");

        String eventId = SharedHub.eventId(er7);
        KafkaAccess kafka = hub.endpoints().kafka().operator();
        TopicReader.Record record = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250))
                .until(() -> findEvent(kafka, eventId), Optional::isPresent).get();

        assertThat(record.topic()).isEqualTo("careledger.events.encounter");
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.path("type").asText()).isEqualTo("org.careledger.encounter.admitted.v1");
        assertThat(event.path("subject").asText()).matches("pt-[0-9a-f]{32}");
        assertThat(record.key()).isEqualTo(event.path("subject").asText());
        PhiCanaries canaries = PhiCanaries.from(List.of(er7));
        assertThat(canaries.size()).isGreaterThanOrEqualTo(8);
        assertThat(canaries.foundIn(record.allText())).as("identifiers in the event").isEmpty();

        try (ProofCheck check = new ProofCheck(hub.bridgeUrl(), hub.endpoints().rpcUrl())) {
            JsonNode proof = await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250))
                    .until(() -> check.fetch(eventId), Optional::isPresent).get();

            for (String field : List.of("eventId", "eventHash", "leaf", "proof", "root", "batchId", "chainId",
                    "contract", "txHash", "blockNumber", "confirmations")) {
                assertThat(proof.has(field)).as("proof field %s", field).isTrue();
            }
            assertThat(proof.get("eventId").asText()).isEqualTo(eventId);
            assertThat(proof.get("chainId").asLong()).isEqualTo(hub.endpoints().chainId());
            assertThat(proof.get("contract").asText()).isEqualToIgnoringCase(hub.endpoints().anchorContract());
            assertThat(proof.get("confirmations").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(check.verify(proof, record.value())).as("problem with the proof").isNull();

            byte[] forgedHash = Numeric.hexStringToByteArray(proof.get("eventHash").asText());
            forgedHash[0] ^= 1;
            assertThat(check.onChain(proof.get("contract").asText(), proof.get("batchId").asText(), forgedHash, proof.get("proof")))
                    .as("the contract rejects a changed event hash").isFalse();
            assertThat(OpenZeppelinVerifier.accepts(proof)).as("@openzeppelin/merkle-tree accepts the proof").isTrue();
        }
    }

    @Test
    void proofOfAnUnknownEventIsNotFoundAsProblemJson() throws Exception {
        Hub hub = SharedHub.get();
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(hub.bridgeUrl() + "/proofs/no-such-event")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(404);
    }

    static Optional<TopicReader.Record> findEvent(KafkaAccess kafka, String eventId) throws Exception {
        return TopicReader.readEvents(kafka, Demo.EVENT_TOPICS).stream()
                .filter(r -> r.cloudEventId().orElseThrow().equals(eventId)).findFirst();
    }
}
