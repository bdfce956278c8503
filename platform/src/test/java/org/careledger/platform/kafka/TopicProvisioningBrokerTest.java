package org.careledger.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.careledger.devstack.KafkaNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provisioning against a real broker: missing topics are created as specified, weaker ones refused. */
class TopicProvisioningBrokerTest {

    @TempDir
    static Path work;
    private static KafkaNode node;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        node = KafkaNode.start(work, 0);
        admin = Admin.create(node.access().config());
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        node.close();
    }

    @Test
    void createsAMissingTopicWithItsMinInsyncReplicasAndRetention() throws Exception {
        TopicSpec spec = new TopicSpec("careledger.provisioning.created", 2, (short) 1, 1).with("retention.ms", "86400000");

        assertThat(TopicProvisioning.ensure(admin, List.of(spec))).containsExactly(spec.name());
        assertThat(TopicProvisioning.ensure(admin, List.of(spec))).as("the second start creates nothing").isEmpty();

        var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())))
                .all().get(30, TimeUnit.SECONDS).values().iterator().next();
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
        assertThat(config.get("retention.ms").value()).isEqualTo("86400000");
        assertThat(admin.describeTopics(List.of(spec.name())).allTopicNames().get().get(spec.name()).partitions()).hasSize(2);
    }

    @Test
    void refusesAnExistingTopicWithFewerReplicasOrInsyncReplicasThanConfigured() throws Exception {
        String name = "careledger.provisioning.weak";
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                .configs(Map.of("min.insync.replicas", "1", "retention.ms", "3600000")))).all().get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> TopicProvisioning.ensure(admin, List.of(new TopicSpec(name, 1, (short) 3, 2))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(name + " has replication factor 1, configured 3")
                .hasMessageContaining(name + " has min.insync.replicas 1, configured 2");
        assertThatThrownBy(() -> TopicProvisioning.ensure(admin, List.of(new TopicSpec(name, 1, (short) 1, 1)
                .with("retention.ms", "604800000"))))
                .hasMessageContaining(name + " has retention.ms 3600000, configured 604800000");
    }
}
