package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A sender that reuses a control id (counters reset after a restart or an upgrade) sends a new
 * message: it is stored and published as its own message. Only the same key with the same content
 * is a resend.
 */
class ControlIdReuseEndToEndTest {

    private static final Pattern EVENTS = Pattern.compile("careledger\\.events\\..*");

    @Test
    void aDifferentMessageUnderAReusedControlIdGetsItsOwnEventsAndIsCounted() throws Exception {
        String first = SharedHub.admission("E2E-REUSE-1");
        String second = first.replace("Quillfeather^Ambrose", "Brackenfell^Odile").replace("MRN7731001", "MRN7731999");
        assertThat(SharedHub.send(first).code()).isEqualTo("AA");
        double reusedBefore = reusedCount();
        long rawBefore = SharedHub.rawRecords();

        Demo.Ack ack = SharedHub.send(second);

        assertThat(ack.code()).isEqualTo("AA");
        assertThat(ack.controlId()).isEqualTo("E2E-REUSE-1");
        assertThat(SharedHub.rawRecords()).as("stored as its own message").isEqualTo(rawBefore + 1);
        assertThat(SharedHub.eventId(second)).isNotEqualTo(SharedHub.eventId(first));
        List<String> ids = awaitEventIds(List.of(SharedHub.eventId(first), SharedHub.eventId(second)));
        assertThat(ids).containsExactlyInAnyOrder(SharedHub.eventId(first), SharedHub.eventId(second));
        assertThat(reusedCount()).isEqualTo(reusedBefore + 1);
    }

    @Test
    void aTrueResendProducesNoEventsOfItsOwn() throws Exception {
        String message = SharedHub.admission("E2E-REUSE-2");
        assertThat(SharedHub.send(message).code()).isEqualTo("AA");
        awaitEventIds(List.of(SharedHub.eventId(message)));
        long rawBefore = SharedHub.rawRecords();
        double reusedBefore = reusedCount();

        // the same message again, as another engine would send it: CR LF between segments
        Demo.Ack resend = SharedHub.send(message.replace("\r", "\r\n"));

        assertThat(resend.code()).isEqualTo("AA");
        assertThat(SharedHub.rawRecords()).as("nothing stored").isEqualTo(rawBefore);
        assertThat(reusedCount()).isEqualTo(reusedBefore);
        long published = TopicReader.readEvents(SharedHub.get().endpoints().kafka().operator(), EVENTS).stream()
                .filter(r -> r.cloudEventId().orElse("").equals(SharedHub.eventId(message))).count();
        assertThat(published).as("the event is published once").isEqualTo(1);
    }

    /** Waits until every id is on an event topic; returns the ids seen, once each. */
    private static List<String> awaitEventIds(List<String> wanted) {
        return Awaitility.await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() ->
                TopicReader.readEvents(SharedHub.get().endpoints().kafka().operator(), EVENTS).stream()
                        .map(r -> r.cloudEventId().orElse("")).filter(wanted::contains).toList(),
                seen -> seen.containsAll(wanted));
    }

    private static double reusedCount() throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + SharedHub.get().ports().routesHttp() + "/q/metrics"))
                        .header("Authorization", SharedHub.bearer("metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("careledger_hl7_control_id_reused_total\\{[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
