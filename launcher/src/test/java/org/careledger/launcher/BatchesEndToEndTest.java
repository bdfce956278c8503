package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The bridge's {@code GET /batches} and {@code GET /batches/{batchId}}, read from its PostgreSQL. */
class BatchesEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(SharedHub.get().bridgeUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anchoredBatchIsListedAndDescribed() throws Exception {
        JsonNode proof = SharedHub.anchoredProof("E2E-BATCHES-1");
        String batchId = proof.get("batchId").asText();

        JsonNode listed = JSON.readTree(get("/batches?limit=500").body());
        HttpResponse<String> one = get("/batches/" + batchId);

        assertThat(listed.findValuesAsText("batchId")).contains(batchId);
        assertThat(one.statusCode()).isEqualTo(200);
        JsonNode batch = JSON.readTree(one.body());
        assertThat(batch.path("status").asText()).isEqualTo("confirmed");
        assertThat(batch.path("txHash").asText()).isEqualTo(proof.get("txHash").asText());
        assertThat(batch.path("history").findValuesAsText("status")).containsSubsequence("pending", "sent", "confirmed");
        assertThat(batch.path("root").asText()).isEqualTo(proof.get("root").asText());
        assertThat(batch.path("eventCount").asInt()).isPositive();
        assertThat(batch.path("gasUsed").asLong()).isPositive();
    }

    @Test
    void unknownOrMalformedBatchIdsAndLimitsAreProblems() throws Exception {
        HttpResponse<String> unknown = get("/batches/0x" + "ab".repeat(32));
        HttpResponse<String> malformed = get("/batches/not-a-batch");
        HttpResponse<String> tooMany = get("/batches?limit=100000");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    }
}
