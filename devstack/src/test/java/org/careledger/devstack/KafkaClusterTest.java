package org.careledger.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three KRaft nodes in three JVMs: an acknowledged write survives SIGKILL of the partition leader,
 * a write that only one replica could take is refused rather than acknowledged, and a killed node
 * restarts on its own data.
 */
class KafkaClusterTest {

    private static final String TOPIC = "careledger.hl7v2.raw";

    @TempDir
    static Path work;
    private static KafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = KafkaCluster.start(work, 3, 0, new KafkaNode.Security(
                List.of(HubAcls.ROUTES_USER, HubAcls.BRIDGE_USER, HubAcls.CLAIMS_USER, HubAcls.OPERATOR_USER),
                List.of(HubAcls.OPERATOR_USER), HubAcls.all()));
        try (Admin admin = Admin.create(cluster.access(HubAcls.OPERATOR_USER).config())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3))).all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static KafkaProducer<String, String> producer() {
        Map<String, Object> config = cluster.access(HubAcls.ROUTES_USER).config();
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("delivery.timeout.ms", 30_000);
        config.put("request.timeout.ms", 5_000);
        config.put("max.block.ms", 20_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Test
    void acknowledgedWritesSurviveTheLeadersSigkillAndAMinorityIsRefused() throws Exception {
        try (Admin admin = Admin.create(cluster.access(HubAcls.OPERATOR_USER).config())) {
            var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC)))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            assertThat(config.get("unclean.leader.election.enable").value()).isEqualTo("false");
        }
        List<String> acknowledged = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k", "before-" + i)).get(30, TimeUnit.SECONDS);
                acknowledged.add("before-" + i);
            }
            int leader = cluster.leaderOf(TOPIC, 0);
            cluster.kill(leader);
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k", "after-" + i)).get(60, TimeUnit.SECONDS);
                acknowledged.add("after-" + i);
            }
            assertThat(cluster.leaderOf(TOPIC, 0)).isNotEqualTo(leader).isPositive();

            // a second node down: one in-sync replica left, below min.insync.replicas
            int second = cluster.leaderOf(TOPIC, 0);
            int survivor = cluster.nodeIds().stream().filter(id -> id != leader && id != second).findFirst().orElseThrow();
            cluster.kill(survivor);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "k", "refused")).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOfAny(NotEnoughReplicasException.class,
                            org.apache.kafka.common.errors.TimeoutException.class));
            cluster.startNode(leader);
            cluster.startNode(survivor);
            cluster.awaitAllBrokers();
        }
        assertThat(readAll()).containsAll(acknowledged);
    }

    private static List<String> readAll() {
        Map<String, Object> config = cluster.access(HubAcls.OPERATOR_USER).config();
        config.put("isolation.level", "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
