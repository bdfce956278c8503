package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.careledger.devstack.FreePorts;
import org.careledger.devstack.KafkaNode;
import org.careledger.devstack.KafkaPrincipals;
import org.careledger.devstack.StackEndpoints;
import org.junit.jupiter.api.Test;

/**
 * The durability rule under a real outage: a second routes app on a Kafka broker of its own, which
 * is then stopped. With the broker gone, the sender must never get AA.
 */
class KafkaDownEndToEndTest {

    @Test
    void neverAnswersAaWhileKafkaIsDown() throws Exception {
        StackEndpoints shared = SharedHub.get().endpoints();
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-kafka-down"));
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0, 0);
        String sample = Files.readString(SharedHub.home().resolve("docker/samples/01-adt-a01-v25.hl7"));

        KafkaNode kafka = KafkaNode.start(runDir.resolve("kafka"), 0);
        StackEndpoints endpoints = new StackEndpoints(KafkaPrincipals.shared(kafka.access()), shared.routesJdbcUrl(), shared.bridgeJdbcUrl(), shared.claimsJdbcUrl(),
                shared.jdbcUsername(), shared.jdbcPassword(), shared.rpcUrl(), shared.chainId(), shared.anchorContract(), null, null);
        Map<String, String> config = Hub.routesConfig(endpoints, ports, runDir, SharedHub.get().issuer());
        config.put("careledger.kafka.store-timeout-ms", "3000");
        try (AppProcess routes = AppProcess.start("routes-kafka-down", SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar"),
                config, runDir.resolve("logs/routes.log"), ports.routesHttp())) {
            routes.awaitReady(Duration.ofSeconds(120));
            try (MllpClient client = new MllpClient("127.0.0.1", ports.mllp(), 60_000, StandardCharsets.UTF_8)) {
                Demo.Ack whileUp = Demo.Ack.parse(client.send(sample.replace("CTRL1001", "E2E-KAFKA-UP")));
                assertThat(whileUp.code()).as("sanity: AA while the broker runs").isEqualTo("AA");

                kafka.close();

                Demo.Ack whileDown = Demo.Ack.parse(client.send(sample.replace("CTRL1001", "E2E-KAFKA-DOWN")));
                assertThat(whileDown.code()).isEqualTo("AE");
                assertThat(whileDown.controlId()).isEqualTo("E2E-KAFKA-DOWN");
                assertThat(whileDown.hasSegment("ERR")).isTrue();
                assertThat(routes.isAlive()).as("the listener survives the outage").isTrue();
            }
        } finally {
            kafka.close();
        }
    }
}
