package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Bad input on the real MLLP listener: a clear ACK, nothing stored, and the listener keeps serving. */
class BadInputEndToEndTest {

    private static final Pattern RAW_TOPIC = Pattern.compile("careledger\\.hl7v2\\.raw");
    private static final String CANARY = "Zebulonovich";
    private static final String TRUNCATED_FRAME = "\u000bMSH|^~\\&|A|B|C|D|2026||ADT^A01|T1|P|2.5\rPID|1||X||" + CANARY + "^Ann\u0000";

    private static String sample() throws Exception {
        return Files.readString(SharedHub.home().resolve("docker/samples/01-adt-a01-v25.hl7"));
    }

    private static Demo.Ack send(Hub hub, String text) throws Exception {
        try (MllpClient client = new MllpClient("127.0.0.1", hub.ports().mllp(), 30_000, StandardCharsets.UTF_8)) {
            return Demo.Ack.parse(client.send(text));
        }
    }

    @Test
    void messageWithoutMshGetsArWithErrAndIsNotStored() throws Exception {
        Hub hub = SharedHub.get();
        String kafka = hub.endpoints().kafkaBootstrapServers();
        long before = TopicReader.endOffsetTotal(kafka, RAW_TOPIC);

        Demo.Ack ack = send(hub, "PID|1||MRN7731001^^^STMARYS^MR||Quillfeather^Ambrose\r");

        assertThat(ack.code()).isEqualTo("AR");
        assertThat(ack.hasSegment("ERR")).isTrue();
        assertThat(ack.raw()).doesNotContain("Quillfeather").doesNotContain("MRN7731001");
        assertThat(TopicReader.endOffsetTotal(kafka, RAW_TOPIC)).isEqualTo(before);
    }

    @Test
    void messageThatDoesNotParseGetsAeWithErrAndIsNotStored() throws Exception {
        Hub hub = SharedHub.get();
        String kafka = hub.endpoints().kafkaBootstrapServers();
        long before = TopicReader.endOffsetTotal(kafka, RAW_TOPIC);

        Demo.Ack ack = send(hub, sample().replace("MSH|^~\\&|", "MSH|^~|").replace("CTRL1001", "E2E-BAD-PARSE"));

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.controlId()).isEqualTo("E2E-BAD-PARSE");
        assertThat(ack.hasSegment("ERR")).isTrue();
        assertThat(ack.raw()).doesNotContain("Quillfeather");
        assertThat(TopicReader.endOffsetTotal(kafka, RAW_TOPIC)).isEqualTo(before);
    }

    @Test
    void listenerKeepsServingAfterGarbageAndAnAbandonedConnection() throws Exception {
        Hub hub = SharedHub.get();
        // one connection opened and left silent, another that starts a frame, never finishes it and drops
        try (MllpClient silent = new MllpClient("127.0.0.1", hub.ports().mllp(), 5_000, StandardCharsets.UTF_8);
             var dropped = new java.net.Socket("127.0.0.1", hub.ports().mllp())) {
            dropped.getOutputStream().write(TRUNCATED_FRAME.getBytes(StandardCharsets.UTF_8));
            dropped.getOutputStream().flush();
        }
        Demo.Ack garbage = send(hub, "\u0000\u0001binary\u00ff garbage");
        Demo.Ack good = send(hub, sample().replace("CTRL1001", "E2E-AFTER-GARBAGE"));

        assertThat(garbage.code()).isEqualTo("AR");
        assertThat(good.code()).isEqualTo("AA");
        assertThat(good.controlId()).isEqualTo("E2E-AFTER-GARBAGE");
    }

    @Test
    void anIncompleteFrameLeavesNoPatientDataInTheLogs() throws Exception {
        Hub hub = SharedHub.get();
        try (var dropped = new java.net.Socket("127.0.0.1", hub.ports().mllp())) {
            dropped.getOutputStream().write(TRUNCATED_FRAME.getBytes(StandardCharsets.UTF_8));
            dropped.getOutputStream().flush();
        }
        Demo.Ack good = send(hub, sample().replace("CTRL1001", "E2E-AFTER-TRUNCATED"));

        assertThat(good.code()).isEqualTo("AA");
        assertThat(Files.readString(hub.routes().log(), StandardCharsets.ISO_8859_1)).doesNotContain(CANARY);
    }
}
