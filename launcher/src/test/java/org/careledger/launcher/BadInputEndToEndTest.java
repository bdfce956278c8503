package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** Bad input on the real MLLP listener: a clear ACK, nothing stored, and the listener keeps serving. */
class BadInputEndToEndTest {

    private static final String CANARY = "Zebulonovich";
    private static final String TRUNCATED_FRAME = "\u000bMSH|^~\\&|A|B|C|D|2026||ADT^A01|T1|P|2.5\rPID|1||X||" + CANARY + "^Ann\u0000";

    @Test
    void messageWithoutMshGetsArWithErrAndIsNotStored() throws Exception {
        long before = SharedHub.rawRecords();

        Demo.Ack ack = SharedHub.send("PID|1||MRN7731001^^^STMARYS^MR||Quillfeather^Ambrose\r");

        assertThat(ack.code()).isEqualTo("AR");
        assertThat(ack.hasSegment("ERR")).isTrue();
        assertThat(ack.raw()).doesNotContain("Quillfeather").doesNotContain("MRN7731001");
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
    }

    @Test
    void messageThatDoesNotParseGetsAeWithErrAndIsNotStored() throws Exception {
        long before = SharedHub.rawRecords();

        Demo.Ack ack = SharedHub.send(SharedHub.admission("E2E-BAD-PARSE").replace("MSH|^~\\&|", "MSH|^~|"));

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.controlId()).isEqualTo("E2E-BAD-PARSE");
        assertThat(ack.hasSegment("ERR")).isTrue();
        assertThat(ack.raw()).doesNotContain("Quillfeather");
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
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
        Demo.Ack garbage = SharedHub.send("\u0000\u0001binary\u00ff garbage");
        Demo.Ack good = SharedHub.send(SharedHub.admission("E2E-AFTER-GARBAGE"));

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
        Demo.Ack good = SharedHub.send(SharedHub.admission("E2E-AFTER-TRUNCATED"));

        assertThat(good.code()).isEqualTo("AA");
        assertThat(Files.readString(hub.routes().log(), StandardCharsets.ISO_8859_1)).doesNotContain(CANARY);
    }
}
