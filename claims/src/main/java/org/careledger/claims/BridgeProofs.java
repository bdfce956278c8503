package org.careledger.claims;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a claim's event is anchored, asked of the ledger bridge ({@code GET /proofs/{eventId}}): the
 * bridge answers 404 until the event's batch is confirmed, then with the batch, the event hash and,
 * for a claim event, the proof of its claim leaf. Proofs are public, so no credential is sent; the
 * contract checks every field again before it pays.
 */
public class BridgeProofs {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final long chainId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    /** @param chainId the chain this app settles on: a proof from a bridge anchoring elsewhere is refused */
    public BridgeProofs(String bridgeUrl, long chainId) {
        this.base = URI.create(bridgeUrl.endsWith("/") ? bridgeUrl : bridgeUrl + "/");
        this.chainId = chainId;
    }

    /** A confirmed anchoring: the claim leaf proof is empty when the batch holds the event but no claim leaf. */
    public record Anchored(String batchId, String eventHash, Optional<List<String>> claimLeafProof) {
    }

    /** The event's confirmed anchoring, or empty while its batch is not confirmed. */
    public Optional<Anchored> find(String eventId) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("proofs/" + URLEncoder.encode(eventId, StandardCharsets.UTF_8)))
                .timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking the bridge for a proof", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("the bridge answered " + response.statusCode() + " for a proof");
        }
        JsonNode body = json.readTree(response.body());
        if (body.path("chainId").asLong() != chainId) {
            throw new IOException("the bridge anchors on chain " + body.path("chainId").asLong() + ", not " + chainId
                    + ": careledger.claims.bridge-url points at another network's bridge");
        }
        Optional<List<String>> claimLeafProof = Optional.empty();
        if (body.path("claimLeafProof").isArray()) {
            List<String> nodes = new ArrayList<>();
            body.get("claimLeafProof").forEach(n -> nodes.add(n.asText()));
            claimLeafProof = Optional.of(nodes);
        }
        return Optional.of(new Anchored(text(body, "batchId"), text(body, "eventHash"), claimLeafProof));
    }

    private static String text(JsonNode body, String field) throws IOException {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("the bridge's proof has no " + field);
        }
        return value.asText();
    }
}
