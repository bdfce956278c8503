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
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.careledger.devstack.FreePorts;
import org.careledger.platform.raw.RawRecordCipher;
import org.junit.jupiter.api.Test;

/**
 * POST /admin/dlq/redrive re-runs dead letters from their raw records: a raw record sealed under a
 * key the routes app no longer has is dead-lettered (unknown-key-id), redriven while the key is still
 * missing (a new letter), and redriven again once the app restarts with the key restored, when it
 * becomes an event. POST /admin/replay replays the FHIR raw topic too.
 */
class DeadLetterRedriveEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW_TOPIC = "careledger.e2e-redrive.hl7v2.raw";
    private static final Pattern DLQ = Pattern.compile("careledger\\.dlq");

    private static HttpResponse<String> postAdmin(int port, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The dead letters for this test's raw topic: their reasons, oldest first. */
    private static List<String> lettersForOwnTopic() throws Exception {
        return TopicReader.readAll(SharedHub.get().endpoints().kafka().operator(), DLQ).stream()
                .map(r -> {
                    try {
                        return JSON.readTree(r.value());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(letter -> RAW_TOPIC.equals(letter.path("topic").asText()))
                .map(letter -> letter.path("reason").asText()).toList();
    }

    private static List<String> eventIds() throws Exception {
        return TopicReader.readEvents(SharedHub.get().endpoints().kafka().operator(), Demo.EVENT_TOPICS).stream()
                .map(r -> r.cloudEventId().orElseThrow()).toList();
    }

    /** The event ids once no new one has appeared for three seconds: events of earlier tests have all arrived. */
    private static Set<String> quietEventIds() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Set<String>> last = new java.util.concurrent.atomic.AtomicReference<>(Set.of());
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(3)).until(() -> {
            Set<String> now = new HashSet<>(eventIds());
            return now.equals(last.getAndSet(now));
        });
        return last.get();
    }

    /**
     * Writes a raw record straight to the test's raw topic, sealed under a key the routes app no
     * longer has: what a key rotation that retired the old key too early leaves behind.
     */
    private static void writeRawRecordUnder(RawRecordCipher cipher, String er7, String controlId) throws Exception {
        Properties props = new Properties();
        props.putAll(SharedHub.get().endpoints().kafka().operator().config());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(RAW_TOPIC, "default", cipher.seal(er7.getBytes(StandardCharsets.UTF_8)));
            record.headers().add("careledger-feed-id", "default".getBytes(StandardCharsets.UTF_8));
            record.headers().add("careledger-key-id", cipher.keyId().getBytes(StandardCharsets.UTF_8));
            record.headers().add("careledger-received-at", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("careledger-control-id", controlId.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    @Test
    void redriveWithoutATokenIs401AndWithAFeedTokenIs403() throws Exception {
        int port = SharedHub.get().ports().routesHttp();
        String body = "{\"from\":\"2026-01-01T00:00:00Z\"}";
        assertThat(postAdmin(port, "/admin/dlq/redrive", body, null).statusCode()).isEqualTo(401);
        assertThat(postAdmin(port, "/admin/dlq/redrive", body, "not-a-token").statusCode()).isEqualTo(401);
        assertThat(postAdmin(port, "/admin/dlq/redrive", body, SharedHub.get().issuer().token(SharedHub.FEED)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void redriveWithoutATimeRangeIs400ProblemJson() throws Exception {
        HttpResponse<String> response = postAdmin(SharedHub.get().ports().routesHttp(), "/admin/dlq/redrive",
                "{\"reason\":\"unmapped-message-type\"}", SharedHub.get().issuer().token("admin"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("detail").asText()).contains("from");
    }

    @Test
    void aDeadLetterRedrivenOnceItsKeyIsRestoredBecomesAnEvent() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-redrive"));
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0, 0);
        Map<String, String> config = SharedHub.separateRoutesConfig("redrive", ports, runDir);
        Path jar = SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar");
        String admin = SharedHub.get().issuer().token("admin");
        String controlId = "E2E-REDRIVE-" + System.nanoTime();
        String message = SharedHub.admission(controlId);
        byte[] retiredKey = new byte[32];
        new java.security.SecureRandom().nextBytes(retiredKey);
        RawRecordCipher retired = new RawRecordCipher("retired-" + System.nanoTime(), retiredKey);
        String from = Instant.now().minusSeconds(5).toString();
        String redrive = "{\"reason\":\"unknown-key-id\",\"from\":\"" + from + "\"}";
        int lettersBefore = lettersForOwnTopic().size();

        try (AppProcess routes = AppProcess.start("routes-redrive", jar, config, runDir.resolve("logs/routes-1.log"), ports.routesHttp())) {
            routes.awaitReady(Duration.ofSeconds(120));
            writeRawRecordUnder(retired, message, controlId);
            await().atMost(60, TimeUnit.SECONDS).until(() -> lettersForOwnTopic().size() == lettersBefore + 1);
            assertThat(lettersForOwnTopic()).last().isEqualTo("unknown-key-id");

            HttpResponse<String> stillUnknown = postAdmin(ports.routesHttp(), "/admin/dlq/redrive", redrive, admin);

            assertThat(stillUnknown.statusCode()).isEqualTo(200);
            JsonNode first = JSON.readTree(stillUnknown.body());
            assertThat(first.path("redriven").asInt()).isEqualTo(1);
            assertThat(first.path("deadLetteredAgain").asInt()).isEqualTo(1);
            assertThat(first.at("/byReason/unknown-key-id").asInt()).isEqualTo(1);
            await().atMost(30, TimeUnit.SECONDS).until(() -> lettersForOwnTopic().size() == lettersBefore + 2);
        }

        Set<String> before = new HashSet<>(eventIds());
        config.put("careledger.raw.key-id", retired.keyId());
        config.put("careledger.raw.key", java.util.Base64.getEncoder().encodeToString(retiredKey));
        try (AppProcess routes = AppProcess.start("routes-redrive-2", jar, config, runDir.resolve("logs/routes-2.log"), ports.routesHttp())) {
            routes.awaitReady(Duration.ofSeconds(120));

            HttpResponse<String> restored = postAdmin(ports.routesHttp(), "/admin/dlq/redrive", redrive, admin);

            assertThat(restored.statusCode()).isEqualTo(200);
            JsonNode second = JSON.readTree(restored.body());
            // the first letter and the one the first redrive wrote: the same raw record twice
            assertThat(second.path("redriven").asInt()).isEqualTo(2);
            assertThat(second.path("deadLetteredAgain").asInt()).isZero();
            assertThat(lettersForOwnTopic()).hasSize(lettersBefore + 2);
        }
        String eventId = SharedHub.eventId(message);
        assertThat(before).doesNotContain(eventId);
        await().atMost(30, TimeUnit.SECONDS).until(() -> eventIds().stream().filter(eventId::equals).count() == 2);
    }

    @Test
    void replayOfTheFhirRawTopicRepublishesTheSameEventIds() throws Exception {
        Hub hub = SharedHub.get();
        Set<String> before = quietEventIds();
        String from = Instant.now().minusSeconds(1).toString();
        String condition = "{\"resourceType\":\"Condition\",\"id\":\"e2e-replay-" + System.nanoTime() + "\","
                + "\"subject\":{\"reference\":\"Patient/e2e-replay\"},\"code\":{\"text\":\"asthma\"}}";
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(hub.routesUrl() + "/fhir/r4"))
                .header("Content-Type", "application/fhir+json").header("Authorization", SharedHub.bearer(SharedHub.FEED))
                .POST(HttpRequest.BodyPublishers.ofString(condition)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(202);
        Set<String> fromPost = await().atMost(60, TimeUnit.SECONDS).until(() -> {
            Set<String> added = new HashSet<>(eventIds());
            added.removeAll(before);
            return added;
        }, added -> !added.isEmpty());

        HttpResponse<String> replayed = postAdmin(hub.ports().routesHttp(), "/admin/replay",
                "{\"source\":\"fhir\",\"from\":\"" + from + "\"}", hub.issuer().token("admin"));

        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replayed.body()).path("replayed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(JSON.readTree(replayed.body()).path("topic").asText()).isEqualTo("careledger.fhir.raw");
        await().atMost(60, TimeUnit.SECONDS).until(() -> eventIds().stream().filter(fromPost::contains).count() == 2L * fromPost.size());
    }
}
