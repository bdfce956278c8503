package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.careledger.contracts.AnchorDeployment;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.EventAnchor;
import org.careledger.devstack.AnvilNode;
import org.careledger.devstack.FreePorts;
import org.careledger.devstack.KafkaAccess;
import org.careledger.devstack.StackEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * A second ledger bridge on the shared Kafka and PostgreSQL with its own anvil, contract, consumer
 * group and topics: killed (SIGKILL) while its anchor transaction waits to be mined, restarted,
 * audited after one of its stored proofs is tampered with, and rebalanced while a batch is open.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeFaultsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "careledger-e2e-faults";
    private static final String TOPIC = "careledger.e2e-faults.events.encounter";
    private static final String TAMPER_TOPIC = "careledger.e2e-faults.tamper";
    private static final int EVENTS = 30;

    private static AnvilNode anvil;
    private static String contract;
    private static Path runDir;
    private static Map<String, String> config;
    private static int httpPort;
    private static AppProcess bridge;
    private static final List<String> EVENT_IDS = new ArrayList<>();

    @BeforeAll
    static void ownChainAndBridgeConfig() throws Exception {
        Hub hub = SharedHub.get();
        // the shared bridge signs with the same dev key on the shared anvil: its stored attempts must
        // not move this bridge's nonces on its own chain
        SharedHub.anchoredProof("E2E-FAULTS-WARMUP");
        runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-bridge-faults"));
        anvil = AnvilNode.start(SharedHub.home().resolve("ledger-bridge/contracts"), runDir.resolve("logs/anvil.log"), 0, 1);
        try (ChainSession admin = new ChainSession(anvil.rpcUrl(), AnvilNode.CHAIN_ID, AnvilNode.DEPLOYER_KEY,
                ChainSession.FeeCaps.gwei(100, 2, 3_000_000))) {
            contract = AnchorDeployment.deploy(admin, Credentials.create(AnvilNode.BRIDGE_KEY).getAddress());
        }
        httpPort = FreePorts.pick();
        HubPorts ports = new HubPorts(0, 0, httpPort, 0, 0, 0, 0);
        config = Hub.bridgeConfig(hub.endpoints(), ports, new Hub.Options(ports, 1_000, 2, Map.of()), hub.issuer());
        config.put("careledger.ledger.rpc-url", anvil.rpcUrl());
        config.put("careledger.ledger.anchor-contract", contract);
        config.put("careledger.ledger.consumer-group", GROUP);
        config.put("careledger.ledger.topic-pattern", "careledger\\.e2e-faults\\.events\\..*");
        // its own topics and group lie outside the bridge principal's ACLs: it connects as the operator
        Hub.withKafka(config, hub.endpoints().kafka().operator());
        config.put("careledger.topics.tamper", TAMPER_TOPIC);
        config.put("careledger.ledger.audit.interval-ms", "2000");
        config.put("careledger.ledger.audit.sample-rate", "1.0");
        // settlement belongs to the shared bridge: this one must not read the shared claim topic
        config.put("careledger.claims.settlement-contract", "");
    }

    @AfterAll
    static void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        anvil.close();
    }

    @Test
    @Order(1)
    void bridgeKilledBetweenSendAndReceiptAnchorsEveryEventExactlyOnceAfterRestart() throws Exception {
        produceEvents();
        anvil.rpc("evm_setAutomine", false);
        anvil.rpc("evm_setIntervalMining", 0);
        Path jar = SharedHub.home().resolve("ledger-bridge/target/quarkus-app/quarkus-run.jar");
        AppProcess first = AppProcess.start("bridge-faults-1", jar, config, runDir.resolve("logs/bridge-1.log"), httpPort);
        try {
            first.awaitReady(Duration.ofSeconds(120));
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> batchStatuses().contains("sent"));
            first.kill();
        } finally {
            first.close();
        }
        anvil.rpc("evm_setIntervalMining", 1);

        bridge = AppProcess.start("bridge-faults-2", jar, config, runDir.resolve("logs/bridge-2.log"), httpPort);
        bridge.awaitReady(Duration.ofSeconds(120));
        List<JsonNode> proofs = new ArrayList<>();
        try (ProofCheck check = new ProofCheck("http://127.0.0.1:" + httpPort, anvil.rpcUrl())) {
            for (String id : EVENT_IDS) {
                proofs.add(await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250))
                        .until(() -> check.fetch(id), Optional::isPresent).get());
            }
            for (JsonNode proof : proofs) {
                assertThat(check.check(proof, Optional.empty()).valid()).as(proof.get("eventId").asText()).isTrue();
                assertThat(OpenZeppelinVerifier.accepts(proof)).as(proof.get("eventId").asText()).isTrue();
            }
        }

        Map<String, BigInteger> anchored = anchoredBatches();
        assertThat(anchored.values().stream().mapToLong(BigInteger::longValueExact).sum()).as("events anchored on chain").isEqualTo(EVENTS);
        assertThat(proofs.stream().map(p -> p.get("batchId").asText()).distinct()).allMatch(anchored::containsKey);
    }

    @Test
    @Order(2)
    void tamperedProofIsReportedAsAMetricAHealthStatusAndATamperEvent() throws Exception {
        String victim = EVENT_IDS.get(3);
        StackEndpoints e = SharedHub.get().endpoints();
        String original;
        try (Connection c = DriverManager.getConnection(e.bridgeJdbcUrl(), e.jdbcUsername(), e.jdbcPassword())) {
            original = single(c, "SELECT event_hash FROM event_proof WHERE event_id = ?", victim);
            update(c, "UPDATE event_proof SET event_hash = ? WHERE event_id = ?", "0x" + "ab".repeat(32), victim);
            try {
                JsonNode alert = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1))
                        .until(() -> tamperAlertFor(victim), Optional::isPresent).get();
                assertThat(alert.path("type").asText()).isEqualTo("org.careledger.ledger.tamper.v1");
                assertThat(alert.path("data").path("check").asText()).isEqualTo("event-hash");
                HttpResponse<String> ready = get("/q/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("ledger-integrity");
                assertThat(get("/q/metrics").body()).containsPattern("careledger_ledger_tamper_total\\{check=\"event-hash\"[^}]*} [1-9]");
            } finally {
                update(c, "UPDATE event_proof SET event_hash = ? WHERE event_id = ?", original, victim);
            }
        }
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1)).until(() -> get("/q/health/ready").statusCode() == 200);
    }

    @Test
    @Order(3)
    void rebalanceInTheMiddleOfABatchAnchorsEveryEventOnce() throws Exception {
        KafkaAccess kafka = SharedHub.get().endpoints().kafka().operator();
        List<String> ids = new ArrayList<>(EVENT_IDS);
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread feed = new Thread(() -> {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.config(),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; producing.get(); i++) {
                    String id = send(producer, TOPIC, "e2e-rebalance-" + System.nanoTime() + "-" + i, i);
                    synchronized (ids) {
                        ids.add(id);
                    }
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        feed.start();
        try {
            // another member joins and leaves the bridge's group while events keep coming: each time the
            // bridge's partitions are revoked, whatever it had not stored yet must be read again
            for (int cycle = 0; cycle < 5 && unstoredAtRebalance() == 0; cycle++) {
                Thread.sleep(700);
                joinAndLeaveGroup(kafka);
            }
        } finally {
            producing.set(false);
            feed.join();
        }

        assertThat(unstoredAtRebalance()).isPositive();
        try (ProofCheck check = new ProofCheck("http://127.0.0.1:" + httpPort, anvil.rpcUrl())) {
            for (String id : ids) {
                await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() -> check.fetch(id), Optional::isPresent);
            }
        }
        assertThat(anchoredBatches().values().stream().mapToLong(BigInteger::longValueExact).sum())
                .as("events anchored on chain, each once").isEqualTo(ids.size());
    }

    private static double unstoredAtRebalance() throws Exception {
        Matcher m = Pattern.compile("careledger_ledger_rebalance_unstored_records_total(?:\\{[^}]*})? ([0-9.]+)").matcher(get("/q/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void joinAndLeaveGroup(KafkaAccess kafka) {
        Properties props = new Properties();
        props.putAll(kafka.config());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> member = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            member.subscribe(Pattern.compile("careledger\\.e2e-faults\\.events\\..*"));
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (member.assignment().isEmpty() && System.nanoTime() < until) {
                member.poll(Duration.ofMillis(200));
            }
        }
    }

    // --- helpers ---

    private static String send(KafkaProducer<String, byte[]> producer, String topic, String id, int n) throws Exception {
        Map<String, Object> event = Map.of("specversion", "1.0", "id", id, "source", "/e2e/faults",
                "type", "org.careledger.encounter.admitted.v1", "subject", "pt-" + n, "data", Map.of("n", n));
        // signed as the routes app signs: only such events are anchored
        producer.send(new ProducerRecord<>(topic, "pt-" + n, SharedHub.get().issuer().eventKey().signer().sign(JSON.writeValueAsBytes(event))))
                .get();
        return id;
    }

    private static void produceEvents() throws Exception {
        KafkaAccess kafka = SharedHub.get().endpoints().kafka().operator();
        try (Admin admin = Admin.create(kafka.config())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.config(),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                EVENT_IDS.add(send(producer, TOPIC, "e2e-faults-" + System.nanoTime() + "-" + i, i));
            }
        }
    }

    private static List<String> batchStatuses() throws Exception {
        HttpResponse<String> r = get("/batches");
        if (r.statusCode() != 200) {
            return List.of();
        }
        List<String> statuses = new ArrayList<>();
        JSON.readTree(r.body()).forEach(b -> statuses.add(b.path("status").asText()));
        return statuses;
    }

    /** Every BatchAnchored log of the contract: batch id to event count. Duplicates would fail the test. */
    private static Map<String, BigInteger> anchoredBatches() throws Exception {
        Map<String, BigInteger> batches = new HashMap<>();
        try (ChainSession reader = new ChainSession(anvil.rpcUrl(), AnvilNode.CHAIN_ID, AnvilNode.DEPLOYER_KEY,
                ChainSession.FeeCaps.gwei(100, 2, 3_000_000))) {
            EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, contract)
                    .addSingleTopic(EventEncoder.encode(EventAnchor.BATCHANCHORED_EVENT));
            for (EthLog.LogResult<?> result : reader.web3j().ethGetLogs(filter).send().getLogs()) {
                EventAnchor.BatchAnchoredEventResponse log = EventAnchor.getBatchAnchoredEventFromLog((Log) result.get());
                BigInteger previous = batches.put(Numeric.toHexString(log.batchId), log.eventCount);
                assertThat(previous).as("batch anchored twice").isNull();
            }
        }
        return batches;
    }

    private static Optional<JsonNode> tamperAlertFor(String eventId) throws Exception {
        for (TopicReader.Record r : TopicReader.readAll(SharedHub.get().endpoints().kafka().operator(),
                Pattern.compile(Pattern.quote(TAMPER_TOPIC)))) {
            JsonNode alert = JSON.readTree(r.value());
            if (eventId.equals(alert.path("data").path("eventId").asText())) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .header("Authorization", SharedHub.bearer("metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String single(Connection c, String sql, String param) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void update(Connection c, String sql, String value, String key) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            s.setString(2, key);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}
