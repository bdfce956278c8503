package org.careledger.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.careledger.devstack.FreePorts;

/**
 * One hub (dev stack and both apps) for the whole test run, started on first use and stopped when
 * the test JVM exits: test classes share it instead of starting Kafka, PostgreSQL and anvil each.
 * A test that kills or restarts part of it leaves it running as it found it.
 */
final class SharedHub {

    private static Hub hub;

    private SharedHub() {
    }

    static synchronized Hub get() throws Exception {
        if (hub == null) {
            Path home = home();
            Path runDir = Files.createDirectories(home.resolve("launcher/target/e2e-run"));
            // three Kafka brokers (replication 3, min.insync 2) and an RPC gate: the durability tests
            // and the fault suite run against a real cluster, on the one dev stack of the test run
            hub = Hub.start(home, runDir, new Hub.Options(HubPorts.ephemeral(), 1_000, 2, Map.of(), 3, true));
            Runtime.getRuntime().addShutdownHook(new Thread(hub::close));
        }
        return hub;
    }

    static Path home() {
        return Path.of(System.getProperty("careledger.home", "..")).toAbsolutePath().normalize();
    }

    /** The role that may post HL7 and FHIR to the shared routes app (its feed id is "default"). */
    static final String FEED = "feed:default";

    /** An Authorization header value for a token of the dev issuer with this one role. */
    static String bearer(String role) throws Exception {
        return "Bearer " + get().issuer().token(role);
    }

    /** The first sample ADT^A01 with its MSH-10 replaced. */
    static String admission(String controlId) throws Exception {
        return java.nio.file.Files.readString(home().resolve("docker/samples/01-adt-a01-v25.hl7")).replace("CTRL1001", controlId);
    }

    /** Sends one message on a fresh MLLP connection to the shared hub and returns its ACK. */
    static Demo.Ack send(String er7) throws Exception {
        try (MllpClient client = new MllpClient("127.0.0.1", get().ports().mllp(), 30_000, java.nio.charset.StandardCharsets.UTF_8)) {
            return Demo.Ack.parse(client.send(er7));
        }
    }

    /**
     * The id of the first event the routes app publishes for this message, sent as UTF-8 on the
     * default feed: derived from its sender key and content digest exactly as the app derives it.
     */
    static String eventId(String er7) {
        return EventIds.hl7("default", er7);
    }

    /** Records ever written to the raw HL7 v2 topic. */
    static long rawRecords() throws Exception {
        return TopicReader.endOffsetTotal(get().endpoints().kafka().operator(),
                java.util.regex.Pattern.compile("careledger\\.hl7v2\\.raw"));
    }

    /** Sends the first sample with this MSH-10 and waits until the bridge serves its first event's proof. */
    static com.fasterxml.jackson.databind.node.ObjectNode anchoredProof(String controlId) throws Exception {
        String er7 = admission(controlId);
        if (!"AA".equals(send(er7).code())) {
            throw new AssertionError("sample " + controlId + " was not accepted");
        }
        String eventId = eventId(er7);
        try (ProofCheck check = new ProofCheck(get().bridgeUrl(), get().endpoints().rpcUrl())) {
            return (com.fasterxml.jackson.databind.node.ObjectNode) org.awaitility.Awaitility.await()
                    .atMost(90, java.util.concurrent.TimeUnit.SECONDS).pollInterval(java.time.Duration.ofMillis(250))
                    .until(() -> check.fetch(eventId), java.util.Optional::isPresent).get();
        }
    }

    /**
     * Configuration for an extra routes app on the shared Kafka and PostgreSQL, with its own raw
     * topic ({@code careledger.e2e-<name>.hl7v2.raw}) and consumer group, so it does not disturb the
     * shared app's event flow.
     */
    static Map<String, String> separateRoutesConfig(String name, HubPorts ports, Path runDir) throws Exception {
        Map<String, String> config = Hub.routesConfig(get().endpoints(), ports, runDir, get().issuer());
        config.put("careledger.topics.hl7v2-raw", "careledger.e2e-" + name + ".hl7v2.raw");
        config.put("careledger.kafka.raw-consumer-group", "careledger-e2e-" + name);
        // its own topic and group lie outside the routes principal's ACLs: it connects as the operator
        Hub.withKafka(config, get().endpoints().kafka().operator());
        return config;
    }

    /**
     * Configuration for an extra bridge on the shared stack, on its own HTTP port and with its own
     * consumer group ({@code careledger-e2e-<name>}), so it takes no partitions from the shared bridge.
     */
    static Map<String, String> separateBridgeConfig(String name) throws Exception {
        HubPorts ports = new HubPorts(0, 0, FreePorts.pick(), 0, 0, 0, 0);
        Map<String, String> config = Hub.bridgeConfig(get().endpoints(), ports, new Hub.Options(ports, 1_000, 2, Map.of()), get().issuer());
        config.put("careledger.ledger.consumer-group", "careledger-e2e-" + name);
        return config;
    }

    /**
     * Configuration for an extra claims app on the shared stack, on its own HTTP port and with its own
     * consumer group ({@code careledger-claims-e2e-<name>}), so it takes no partitions from the shared one.
     */
    static Map<String, String> separateClaimsConfig(String name) throws Exception {
        HubPorts shared = get().ports();
        HubPorts ports = new HubPorts(0, 0, shared.bridgeHttp(), FreePorts.pick(), 0, 0, 0);
        Map<String, String> config = Hub.claimsConfig(get().endpoints(), ports, new Hub.Options(ports, 1_000, 2, Map.of()), get().issuer());
        config.put("careledger.claims.consumer-group", "careledger-claims-e2e-" + name);
        return config;
    }

    /** Starts the app and returns its log once it has exited; fails if it became ready instead. */
    static String refusal(String name, Path jar, Map<String, String> config, Path runDir) throws Exception {
        Path log = runDir.resolve("logs/" + name + ".log");
        Files.deleteIfExists(log);
        try (AppProcess app = AppProcess.start(name, jar, config, log, Integer.parseInt(config.get("quarkus.http.port")))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.awaitReady(java.time.Duration.ofSeconds(120)))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("exited");
        }
        return Files.readString(log);
    }
}
