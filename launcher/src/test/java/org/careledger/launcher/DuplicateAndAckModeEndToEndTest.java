package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Resends within the duplicate window, and enhanced acknowledgement mode, on the real listener. */
class DuplicateAndAckModeEndToEndTest {

    @Test
    void theDevProfileTakesTestTrafficAndStillRefusesDebugTraffic() throws Exception {
        String test = SharedHub.admission("E2E-PROC-T").replace("|P|2.5\r", "|T|2.5\r");
        String debug = SharedHub.admission("E2E-PROC-D").replace("|P|2.5\r", "|D|2.5\r");
        assertThat(test).contains("|T|2.5\r");

        assertThat(SharedHub.send(test).code()).isEqualTo("AA");
        Demo.Ack refused = SharedHub.send(debug);
        assertThat(refused.code()).isEqualTo("AR");
        assertThat(refused.raw()).contains("202");
    }

    @Test
    void resendIsAcknowledgedAgainAndStoredOnce() throws Exception {
        String message = SharedHub.admission("E2E-DUP-1");

        Demo.Ack first = SharedHub.send(message);
        long afterFirst = SharedHub.rawRecords();
        Demo.Ack resend = SharedHub.send(message);

        assertThat(first.code()).isEqualTo("AA");
        assertThat(resend.code()).isEqualTo("AA");
        assertThat(resend.controlId()).isEqualTo("E2E-DUP-1");
        assertThat(SharedHub.rawRecords()).as("the resend is not stored again").isEqualTo(afterFirst);
    }

    @Test
    void sameControlIdFromAnotherFacilityIsADifferentMessage() throws Exception {
        String message = SharedHub.admission("E2E-DUP-2");
        SharedHub.send(message);
        long before = SharedHub.rawRecords();

        Demo.Ack other = SharedHub.send(message.replace("|EPICADT|STMARYS|", "|EPICADT|NORTHCLINIC|"));

        assertThat(other.code()).isEqualTo("AA");
        assertThat(SharedHub.rawRecords()).isEqualTo(before + 1);
    }

    @Test
    void enhancedModeAlwaysGetsCommitAccept() throws Exception {

        Demo.Ack ack = SharedHub.send(SharedHub.admission("E2E-ENH-AL").replace("|P|2.5\r", "|P|2.5|||AL|NE\r"));

        assertThat(ack.code()).isEqualTo("CA");
        assertThat(ack.controlId()).isEqualTo("E2E-ENH-AL");
    }

    @Test
    void enhancedModeNeverGetsNoAcknowledgementButIsStored() throws Exception {
        Hub hub = SharedHub.get();
        long before = SharedHub.rawRecords();

        try (MllpClient client = new MllpClient("127.0.0.1", hub.ports().mllp(), 3_000, StandardCharsets.UTF_8)) {
            String never = client.send(SharedHub.admission("E2E-ENH-NE").replace("|P|2.5\r", "|P|2.5|||NE|NE\r"));
            // the connection stays open: the next message on it gets its own ACK, not a late one for the first
            Demo.Ack next = Demo.Ack.parse(client.send(SharedHub.admission("E2E-ENH-NEXT").replace("|P|2.5\r", "|P|2.5|||AL|NE\r")));

            assertThat(never).as("no reply within the read timeout").isNull();
            assertThat(next.code()).isEqualTo("CA");
            assertThat(next.controlId()).isEqualTo("E2E-ENH-NEXT");
        }

        assertThat(SharedHub.rawRecords()).isEqualTo(before + 2);
    }

    @Test
    void unsupportedMessageTypeGetsArAndIsNotStored() throws Exception {
        long before = SharedHub.rawRecords();

        Demo.Ack ack = SharedHub.send(SharedHub.admission("E2E-QRY").replace("ADT^A01^ADT_A01", "QRY^A19^QRY_A19"));

        assertThat(ack.code()).isEqualTo("AR");
        assertThat(ack.raw()).contains("200");
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
    }
}
