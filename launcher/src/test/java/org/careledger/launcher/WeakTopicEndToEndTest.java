package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.careledger.devstack.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * The routes app configured for three replicas, two in sync, does not start on a raw topic that
 * someone created with one: acks=all there would mean one copy, less than the sender was promised.
 */
class WeakTopicEndToEndTest {

    @Test
    void theRoutesAppRefusesARawTopicWithFewerReplicasThanConfigured() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-weak-topic"));
        String raw = "careledger.e2e-weak.hl7v2.raw";
        try (Admin admin = Admin.create(SharedHub.get().endpoints().kafka().operator().config())) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(raw)) {
                admin.createTopics(List.of(new NewTopic(raw, 3, (short) 1).configs(Map.of("min.insync.replicas", "1"))))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0, 0);
        Map<String, String> config = SharedHub.separateRoutesConfig("weak", ports, runDir);
        config.put("careledger.kafka.replication-factor", "3");
        config.put("careledger.kafka.min-insync-replicas", "2");

        String log = SharedHub.refusal("routes-weak-topic", SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar"),
                config, runDir);

        assertThat(log).contains("refusing to start on topics weaker than configured")
                .contains(raw + " has replication factor 1, configured 3")
                .contains(raw + " has min.insync.replicas 1, configured 2");
    }
}
