package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.careledger.devstack.FreePorts;
import org.careledger.devstack.KafkaAccess;
import org.junit.jupiter.api.Test;

/**
 * BAD-INPUTS 21: the routes JVM is killed (SIGKILL) the moment a sender has its AA. The message must
 * already be on the raw topic, because AA is only sent after Kafka's acks=all answer; and a
 * restarted app must answer the sender's resend from the duplicate window, storing nothing twice.
 */
class CrashEndToEndTest {

    private static final String RAW_TOPIC = "careledger.e2e-crash.hl7v2.raw";

    @Test
    void messageAcknowledgedBeforeAKillIsDurableAndItsResendIsNotStoredAgain() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-crash"));
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0, 0);
        Map<String, String> config = SharedHub.separateRoutesConfig("crash", ports, runDir);
        String message = SharedHub.admission("E2E-CRASH-1");
        KafkaAccess kafka = SharedHub.get().endpoints().kafka().operator();
        Path jar = SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar");

        AppProcess routes = AppProcess.start("routes-crash", jar, config, runDir.resolve("logs/routes-1.log"), ports.routesHttp());
        try {
            routes.awaitReady(Duration.ofSeconds(120));
            try (MllpClient client = new MllpClient("127.0.0.1", ports.mllp(), 30_000, StandardCharsets.UTF_8)) {
                assertThat(Demo.Ack.parse(client.send(message)).code()).isEqualTo("AA");
                routes.kill();
            }
        } finally {
            routes.close();
        }

        assertThat(TopicReader.endOffsetTotal(kafka, Pattern.compile(Pattern.quote(RAW_TOPIC)))).isEqualTo(1);

        try (AppProcess restarted = AppProcess.start("routes-crash-2", jar, config, runDir.resolve("logs/routes-2.log"), ports.routesHttp())) {
            restarted.awaitReady(Duration.ofSeconds(120));
            try (MllpClient client = new MllpClient("127.0.0.1", ports.mllp(), 30_000, StandardCharsets.UTF_8)) {
                assertThat(Demo.Ack.parse(client.send(message)).code()).isEqualTo("AA");
            }
        }
        assertThat(TopicReader.endOffsetTotal(kafka, Pattern.compile(Pattern.quote(RAW_TOPIC)))).as("stored once").isEqualTo(1);
    }
}
