package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.careledger.devstack.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * Every message up to the intake cap (10 MiB) is stored and answered AA, however far above Kafka's
 * 1 MiB default it is; one over the cap gets AR naming the limit, so a sender does not resend what
 * can never be stored; and the app does not start with limits that disagree.
 */
class LargeMessageEndToEndTest {

    private static final int MIB = 1024 * 1024;

    /** The first sample with this MSH-10, grown to about {@code bytes} by a Z-segment. */
    private static String ofSize(String controlId, int bytes) throws Exception {
        String message = SharedHub.admission(controlId).stripTrailing();
        return message + "\rZXT|1|" + "A".repeat(bytes - message.length() - 8) + "\r";
    }

    @Test
    void messagesOfTwoAndNineMibAreStoredAndAcknowledged() throws Exception {
        long before = SharedHub.rawRecords();

        for (int size : new int[] {2 * MIB, 9 * MIB}) {
            Demo.Ack ack = SharedHub.send(ofSize("E2E-LARGE-" + size, size));
            assertThat(ack.code()).as(size + " bytes").isEqualTo("AA");
        }

        assertThat(SharedHub.rawRecords()).isEqualTo(before + 2);
    }

    @Test
    void aMessageOverTheCapGetsArNamingTheLimitAndIsNotStored() throws Exception {
        long before = SharedHub.rawRecords();

        Demo.Ack ack = SharedHub.send(ofSize("E2E-LARGE-11", 11 * MIB));

        assertThat(ack.code()).isEqualTo("AR");
        assertThat(ack.raw()).contains("ERR|").contains("207").contains("limit of 10485760 bytes");
        assertThat(SharedHub.rawRecords()).isEqualTo(before);
    }

    @Test
    void theRoutesAppDoesNotStartWithAMessageCapNoKafkaRecordCanHold() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-limits"));
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0, 0);
        Map<String, String> config = SharedHub.separateRoutesConfig("limits", ports, runDir);
        config.put("careledger.mllp.max-message-bytes", Integer.toString(20 * MIB));

        String log = SharedHub.refusal("routes-limits", SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar"),
                config, runDir);

        assertThat(log).contains("refusing to start with size limits that disagree")
                .contains("careledger.mllp.max-message-bytes (20971520)")
                .contains("careledger.kafka.max-record-bytes (18874368)");
    }
}
