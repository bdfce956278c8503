package org.careledger.launcher;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.careledger.claims.webhook.WebhookSignature;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.ClaimsDeployment;
import org.careledger.devstack.StackEndpoints;

/**
 * The demo's payer side: a webhook receiver on loopback subscribed for the dev stack's sample payer,
 * coverage of the patients the sample charges are for, and the count of what came of each claim:
 * decided on chain, paid, and delivered to the payer with a signature that checks out.
 */
final class DemoClaims implements AutoCloseable {

    static final Pattern CLAIM_EVENTS = Pattern.compile("careledger\\.events\\.claim");
    private static final Set<String> DECIDED = Set.of("settled", "partially-settled", "denied");
    private static final Set<String> SETTLED = Set.of("settled", "partially-settled");
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Hub hub;
    private final StackEndpoints.Claims claims;
    private final String secret = "whsec_demo_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final HttpServer receiver;

    /** One webhook request as the payer's server got it. */
    record Delivery(String signature, byte[] body) {
    }

    /**
     * What became of the sample claims: {@code decided} counts the claims decided on chain and those
     * refused with a reason; only the ones decided on chain are delivered to the payer.
     */
    record Result(int submitted, int decided, int decidedOnChain, int settled, BigInteger paidMinorUnits, int webhooksVerified,
                  List<byte[]> webhookBodies) {

        /** Every claim decided and every decision on chain delivered with a valid signature. */
        boolean complete(int expected) {
            return submitted == expected && decided == expected && webhooksVerified == decidedOnChain;
        }
    }

    DemoClaims(Hub hub) throws IOException {
        this.hub = hub;
        this.claims = hub.endpoints().claims();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/payer-demo/settlements", exchange -> {
            received.add(new Delivery(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    /** Subscribes the sample payer's receiver; the secret is the payer's own and never printed. */
    void subscribe() throws Exception {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/payer-demo/settlements";
        HttpResponse<String> created = call("POST", "/payers/" + claims.samplePayerId() + "/subscriptions",
                "payer:" + claims.samplePayerId(), JSON.writeValueAsString(Map.of("url", url, "secret", secret)));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("the sample payer's subscription was refused: HTTP " + created.statusCode());
        }
    }

    /** The sample payer covers these members (public IDs) under its plan through 2026. */
    void cover(List<String> members) throws Exception {
        StackEndpoints e = hub.endpoints();
        try (ChainSession payer = new ChainSession(e.rpcUrl(), e.chainId(), claims.samplePayerKey(), ChainSession.FeeCaps.gwei(100, 2, 3_000_000))) {
            long year = LocalDate.of(2026, 1, 1).toEpochDay();
            ClaimsDeployment.cover(payer, claims.settlement(), claims.samplePayerId(), StackEndpoints.Claims.SAMPLE_PLAN, members, year,
                    year + 364);
        }
    }

    /** Waits until each claim event's claim is decided and each decision delivered, then counts. */
    Result await(List<String> claimEventIds) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, JsonNode> views = new LinkedHashMap<>();
        for (String eventId : claimEventIds) {
            Optional<String> key = claimKey(eventId, deadline);
            if (key.isEmpty()) {
                continue;
            }
            JsonNode view = null;
            while (System.nanoTime() < deadline) {
                view = claim(key.get());
                if (view != null && (DECIDED.contains(view.path("status").asText()) || "rejected".equals(view.path("status").asText()))) {
                    break;
                }
                Thread.sleep(500);
            }
            if (view != null) {
                views.put(key.get(), view);
            }
        }
        List<JsonNode> decided = views.values().stream().filter(v -> DECIDED.contains(v.path("status").asText())).toList();
        int verified = verified(decided).size();
        while (verified < decided.size() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            verified = verified(decided).size();
        }
        BigInteger paid = decided.stream().map(v -> new BigInteger(v.path("paid").asText("0"))).reduce(BigInteger.ZERO, BigInteger::add);
        int settled = (int) decided.stream().filter(v -> SETTLED.contains(v.path("status").asText())).count();
        int refused = views.size() - decided.size();
        return new Result(views.size(), decided.size() + refused, decided.size(), settled, paid, verified,
                received.stream().map(Delivery::body).toList());
    }

    /** The deliveries of these decisions whose signature checks out with the subscription's secret. */
    private List<Delivery> verified(List<JsonNode> decided) {
        List<Delivery> ok = new ArrayList<>();
        for (JsonNode claim : decided) {
            String claimId = claim.path("claimId").asText();
            received.stream().filter(d -> new String(d.body(), java.nio.charset.StandardCharsets.UTF_8).contains(claimId))
                    .filter(d -> d.signature() != null && WebhookSignature.verify(secret, d.signature(), d.body(), Instant.now(), Duration.ofMinutes(5)))
                    .findFirst().ifPresent(ok::add);
        }
        return ok;
    }

    /** The claim's pseudonymous identifier, read from its event once it is on Kafka. */
    private Optional<String> claimKey(String eventId, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            for (TopicReader.Record r : TopicReader.readEvents(hub.endpoints().kafka().operator(), CLAIM_EVENTS)) {
                if (eventId.equals(r.cloudEventId().orElse(""))) {
                    for (JsonNode entry : JSON.readTree(r.value()).at("/data/entry")) {
                        if ("Claim".equals(entry.at("/resource/resourceType").asText())) {
                            return Optional.of(entry.at("/resource/identifier/0/value").asText());
                        }
                    }
                }
            }
            Thread.sleep(500);
        }
        return Optional.empty();
    }

    private JsonNode claim(String key) throws Exception {
        HttpResponse<String> r = call("GET", "/claims/" + key, "payer:" + claims.samplePayerId(), null);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    private HttpResponse<String> call(String method, String path, String role, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.claimsUrl() + path))
                .header("Authorization", "Bearer " + hub.issuer().token(role))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        receiver.stop(0);
    }
}
