package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** POST /admin/replay: authenticated, and reproducing the same event ids rather than new ones. */
class ReplayEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> replay(String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + SharedHub.get().ports().routesHttp() + "/admin/replay"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> eventIdsOnTopics() throws Exception {
        return TopicReader.readEvents(SharedHub.get().endpoints().kafka().operator(), Demo.EVENT_TOPICS).stream()
                .map(r -> r.cloudEventId().orElseThrow()).toList();
    }

    @Test
    void replayWithoutAValidTokenIs401AndAFeedTokenIs403() throws Exception {
        assertThat(replay("{\"controlId\":\"x\"}", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = replay("{\"controlId\":\"x\"}", "not-the-token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
        String admin = admin();
        String tampered = admin.substring(0, admin.length() - 2) + (admin.endsWith("AA") ? "BB" : "AA");
        assertThat(replay("{\"controlId\":\"x\"}", tampered).statusCode()).as("a broken signature").isEqualTo(401);
        assertThat(replay("{\"controlId\":\"x\"}", SharedHub.get().issuer().token(SharedHub.FEED)).statusCode()).isEqualTo(403);
    }

    private static String admin() throws Exception {
        return SharedHub.get().issuer().token("admin");
    }

    @Test
    void replayOfAControlIdRepublishesTheSameEventId() throws Exception {
        String er7 = SharedHub.admission("E2E-REPLAY-1");
        assertThat(SharedHub.send(er7).code()).isEqualTo("AA");
        String eventId = SharedHub.eventId(er7);
        await().atMost(60, TimeUnit.SECONDS).until(() -> eventIdsOnTopics().contains(eventId));
        long before = eventIdsOnTopics().stream().filter(eventId::equals).count();

        HttpResponse<String> response = replay("{\"controlId\":\"E2E-REPLAY-1\"}", admin());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.path("replayed").asInt()).isEqualTo(1);
        await().atMost(60, TimeUnit.SECONDS).until(() -> eventIdsOnTopics().stream().filter(eventId::equals).count() == before + 1);
        assertThat(eventIdsOnTopics().stream().filter(eventId::equals).count()).as("the same id again").isEqualTo(before + 1);
    }

    @Test
    void replayOfATimeRangeCountsTheRecordsItReplayed() throws Exception {
        String from = java.time.Instant.now().minusSeconds(1).toString();
        assertThat(SharedHub.send(SharedHub.admission("E2E-REPLAY-RANGE")).code()).isEqualTo("AA");

        HttpResponse<String> response = replay("{\"from\":\"" + from + "\"}", admin());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("replayed").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void replayWithAMalformedRangeIs400ProblemJson() throws Exception {
        HttpResponse<String> response = replay("{\"from\":\"last tuesday\"}", admin());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("from");
    }
}
