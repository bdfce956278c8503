package org.careledger.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class TopicProvisioningTest {

    private static final TopicSpec RAW = new TopicSpec("careledger.hl7v2.raw", 3, (short) 3, 2)
            .with("retention.ms", "604800000").with("max.message.bytes", "12582912");

    private static TopicDescription replicas(int count) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(new Node(i, "127.0.0.1", 9091 + i));
        }
        return new TopicDescription(RAW.name(), false, List.of(new TopicPartitionInfo(0, nodes.get(0), nodes, nodes)));
    }

    private static Config config(Map<String, String> entries) {
        return new Config(entries.entrySet().stream().map(e -> new ConfigEntry(e.getKey(), e.getValue())).toList());
    }

    @Test
    void aTopicAsStrongAsConfiguredHasNoShortfall() {
        assertThat(TopicProvisioning.shortfalls(RAW, replicas(3), config(Map.of("min.insync.replicas", "2",
                "retention.ms", "604800000", "max.message.bytes", "12582912")))).isEmpty();
        // unlimited retention is longer than any
        assertThat(TopicProvisioning.shortfalls(RAW, replicas(3), config(Map.of("min.insync.replicas", "3",
                "retention.ms", "-1", "max.message.bytes", "20000000")))).isEmpty();
    }

    @Test
    void eachWeakerSettingIsNamedWithTheTopic() {
        List<String> shortfalls = TopicProvisioning.shortfalls(RAW, replicas(1), config(Map.of("min.insync.replicas", "1",
                "retention.ms", "3600000", "max.message.bytes", "1048588")));

        assertThat(shortfalls).containsExactlyInAnyOrder(
                "careledger.hl7v2.raw has replication factor 1, configured 3",
                "careledger.hl7v2.raw has min.insync.replicas 1, configured 2",
                "careledger.hl7v2.raw has retention.ms 3600000, configured 604800000",
                "careledger.hl7v2.raw has max.message.bytes 1048588, configured 12582912");
    }

    @Test
    void aSpecNoWriteCouldSatisfyIsRefused() {
        assertThatThrownBy(() -> new TopicSpec("t", 1, (short) 1, 2)).hasMessageContaining("min.insync.replicas 2");
    }
}
