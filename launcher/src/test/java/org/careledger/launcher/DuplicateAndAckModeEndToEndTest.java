package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Resends within the duplicate window, and enhanced acknowledgement mode, on the real listener. */
class DuplicateAndAckModeEndToEndTest {

    private static final Pattern RAW_TOPIC = Pattern.compile("careledger\\.hl7v2\\.raw");

    private static String sample(String controlId) throws Exception {
        return Files.readString(SharedHub.home().resolve("docker/samples/01-adt-a01-v25.hl7")).replace("CTRL1001", controlId);
    }

    private static Demo.Ack send(Hub hub, String text) throws Exception {
        try (MllpClient client = new MllpClient("127.0.0.1", hub.ports().mllp(), 30_000, StandardCharsets.UTF_8)) {
            return Demo.Ack.parse(client.send(text));
        }
    }

    private static long rawRecords(Hub hub) throws Exception {
        return TopicReader.endOffsetTotal(hub.endpoints().kafkaBootstrapServers(), RAW_TOPIC);
    }

    @Test
    void resendIsAcknowledgedAgainAndStoredOnce() throws Exception {
        Hub hub = SharedHub.get();
        String message = sample("E2E-DUP-1");

        Demo.Ack first = send(hub, message);
        long afterFirst = rawRecords(hub);
        Demo.Ack resend = send(hub, message);

        assertThat(first.code()).isEqualTo("AA");
        assertThat(resend.code()).isEqualTo("AA");
        assertThat(resend.controlId()).isEqualTo("E2E-DUP-1");
        assertThat(rawRecords(hub)).as("the resend is not stored again").isEqualTo(afterFirst);
    }

    @Test
    void sameControlIdFromAnotherFacilityIsADifferentMessage() throws Exception {
        Hub hub = SharedHub.get();
        String message = sample("E2E-DUP-2");
        send(hub, message);
        long before = rawRecords(hub);

        Demo.Ack other = send(hub, message.replace("|EPICADT|STMARYS|", "|EPICADT|NORTHCLINIC|"));

        assertThat(other.code()).isEqualTo("AA");
        assertThat(rawRecords(hub)).isEqualTo(before + 1);
    }

    @Test
    void enhancedModeAlwaysGetsCommitAccept() throws Exception {
        Hub hub = SharedHub.get();

        Demo.Ack ack = send(hub, sample("E2E-ENH-AL").replace("|P|2.5\r", "|P|2.5|||AL|NE\r"));

        assertThat(ack.code()).isEqualTo("CA");
        assertThat(ack.controlId()).isEqualTo("E2E-ENH-AL");
    }

    @Test
    void enhancedModeNeverGetsNoAcknowledgementButIsStored() throws Exception {
        Hub hub = SharedHub.get();
        long before = rawRecords(hub);

        try (MllpClient client = new MllpClient("127.0.0.1", hub.ports().mllp(), 3_000, StandardCharsets.UTF_8)) {
            String never = client.send(sample("E2E-ENH-NE").replace("|P|2.5\r", "|P|2.5|||NE|NE\r"));
            // the connection stays open: the next message on it gets its own ACK, not a late one for the first
            Demo.Ack next = Demo.Ack.parse(client.send(sample("E2E-ENH-NEXT").replace("|P|2.5\r", "|P|2.5|||AL|NE\r")));

            assertThat(never).as("no reply within the read timeout").isNull();
            assertThat(next.code()).isEqualTo("CA");
            assertThat(next.controlId()).isEqualTo("E2E-ENH-NEXT");
        }

        assertThat(rawRecords(hub)).isEqualTo(before + 2);
    }

    @Test
    void unsupportedMessageTypeGetsArAndIsNotStored() throws Exception {
        Hub hub = SharedHub.get();
        long before = rawRecords(hub);

        Demo.Ack ack = send(hub, sample("E2E-SIU").replace("ADT^A01^ADT_A01", "SIU^S12^SIU_S12"));

        assertThat(ack.code()).isEqualTo("AR");
        assertThat(ack.raw()).contains("200");
        assertThat(rawRecords(hub)).isEqualTo(before);
    }
}
