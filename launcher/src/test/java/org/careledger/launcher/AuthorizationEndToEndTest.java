package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Who may call what on the routes app and the bridge's operational paths (SECURITY.md): no
 * token is 401, another party's token is 403, the right role succeeds. Claims and subscriptions,
 * checked per payer and provider, are in ClaimSettlementEndToEndTest.
 */
class AuthorizationEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ER7 = "x-application/hl7-v2+er7";
    private static final String CLAIM = """
            {"resourceType":"Claim","status":"active","use":"claim","created":"2026-11-28",
             "type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
             "patient":{"reference":"Patient/forged"},"provider":{"identifier":{"value":"STMARYS"}},
             "priority":{"coding":[{"code":"normal"}]},"insurance":[{"sequence":1,"focal":true,"coverage":{"display":"x"}}],
             "item":[{"sequence":1,"productOrService":{"coding":[{"code":"99223"}]},"net":{"value":1000000,"currency":"USD"}}]}""";

    private static HttpResponse<String> call(String base, String method, String path, String role, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (role != null) {
            request.header("Authorization", SharedHub.bearer(role));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String routes() throws Exception {
        return SharedHub.get().routesUrl();
    }

    private static String bridge() throws Exception {
        return SharedHub.get().bridgeUrl();
    }

    @Test
    void hl7OverHttpNeedsThisFeedsRole() throws Exception {
        String message = SharedHub.admission("E2E-AUTHZ-HL7");
        long before = SharedHub.rawRecords();

        assertThat(call(routes(), "POST", "/hl7v2", null, ER7, message).statusCode()).isEqualTo(401);
        assertThat(call(routes(), "POST", "/hl7v2", "feed:north-clinic", ER7, message).statusCode()).as("another feed").isEqualTo(403);
        assertThat(call(routes(), "POST", "/hl7v2", "admin", ER7, message).statusCode()).as("an operator is no feed").isEqualTo(403);
        assertThat(SharedHub.rawRecords()).as("nothing refused was stored").isEqualTo(before);
        HttpResponse<String> accepted = call(routes(), "POST", "/hl7v2", SharedHub.FEED, ER7, message);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("MSA|AA|E2E-AUTHZ-HL7");
    }

    @Test
    void anUnauthenticatedFhirClaimIsRefusedAndNeverStored() throws Exception {
        long before = fhirRawRecords();

        HttpResponse<String> anonymous = call(routes(), "POST", "/fhir/r4", null, "application/fhir+json", CLAIM);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(call(routes(), "POST", "/fhir/r4", "feed:north-clinic", "application/fhir+json", CLAIM).statusCode()).isEqualTo(403);
        assertThat(call(routes(), "POST", "/fhir/r4", "payer:PAYER-E2E", "application/fhir+json", CLAIM).statusCode()).isEqualTo(403);
        assertThat(fhirRawRecords()).isEqualTo(before);
        assertThat(call(routes(), "POST", "/fhir/r4", SharedHub.FEED, "application/fhir+json", CLAIM.replace("1000000", "90"))
                .statusCode()).isEqualTo(202);
    }

    @Test
    void aTokenFromAnotherIssuerOrExpiredOrForAnotherAudienceIs401() throws Exception {
        DevIssuer stranger = DevIssuer.loadOrCreate(SharedHub.home().resolve("launcher/target/e2e-other-issuer"));
        String message = SharedHub.admission("E2E-AUTHZ-FORGED");
        for (String token : List.of(stranger.token(SharedHub.FEED), SharedHub.get().issuer().token(List.of(SharedHub.FEED), Duration.ofSeconds(-120)),
                "eyJhbGciOiJub25lIn0." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ("{\"iss\":\"" + DevIssuer.ISSUER + "\",\"aud\":\"careledger\",\"groups\":[\"feed:default\"],\"exp\":"
                                + Instant.now().plusSeconds(600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8)) + ".")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(routes() + "/hl7v2")).header("Content-Type", ER7)
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(message)).build();
            assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void replayIsForOperatorsOnly() throws Exception {
        String body = "{\"controlId\":\"E2E-AUTHZ-NONE\"}";
        assertThat(call(routes(), "POST", "/admin/replay", null, "application/json", body).statusCode()).isEqualTo(401);
        assertThat(call(routes(), "POST", "/admin/replay", SharedHub.FEED, "application/json", body).statusCode()).isEqualTo(403);
        assertThat(call(routes(), "POST", "/admin/replay", "metrics", "application/json", body).statusCode()).isEqualTo(403);
        assertThat(call(routes(), "POST", "/admin/replay", "admin", "application/json", body).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsNeedTheMetricsRoleOnBothAppsAndHealthStaysOpen() throws Exception {
        for (String base : List.of(routes(), bridge())) {
            assertThat(call(base, "GET", "/q/metrics", null, null, null).statusCode()).isEqualTo(401);
            assertThat(call(base, "GET", "/q/metrics", SharedHub.FEED, null, null).statusCode()).isEqualTo(403);
            assertThat(call(base, "GET", "/q/metrics", "payer:PAYER-E2E", null, null).statusCode()).isEqualTo(403);
            assertThat(call(base, "GET", "/q/metrics", "metrics", null, null).body()).contains("jvm_");
            assertThat(call(base, "GET", "/q/metrics", "admin", null, null).statusCode()).isEqualTo(200);
            assertThat(call(base, "GET", "/q/health/ready", null, null, null).statusCode()).isEqualTo(200);
            assertThat(call(base, "GET", "/q/health/live", null, null, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void proofsAndBatchesArePublicReadAndAnyOtherPathIsRefused() throws Exception {
        assertThat(call(bridge(), "GET", "/batches?limit=1", null, null, null).statusCode()).isEqualTo(200);
        assertThat(call(bridge(), "GET", "/proofs/no-such-event", null, null, null).statusCode()).as("public, and not found").isEqualTo(404);
        assertThat(call(routes(), "GET", "/anything-else", null, null, null).statusCode()).isEqualTo(401);
        assertThat(call(bridge(), "GET", "/anything-else", null, null, null).statusCode()).isEqualTo(401);
        assertThat(call(routes(), "GET", "/q/dev-ui", SharedHub.FEED, null, null).statusCode()).isIn(403, 404);
    }

    private static long fhirRawRecords() throws Exception {
        return TopicReader.endOffsetTotal(SharedHub.get().endpoints().kafka().operator(),
                java.util.regex.Pattern.compile("careledger\\.fhir\\.raw"));
    }
}
