package org.careledger.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;

/** {@code ./careledger <command>}: the launcher behind the repository's one main command. */
public final class Main {

    private static final String HELP = """
            usage: ./careledger <command>

              demo   start the dev stack and both apps, play docker/samples through MLLP and its FHIR
                     Claim over HTTP, wait for every event to be anchored, verify each proof on chain,
                     settle the claims of two providers for the sample payer and verify its signed
                     webhooks, scan for PHI, print one JSON line
              up [--kafka-brokers 1|3]
                     start the dev stack and the three apps and keep them running until interrupted
                     (MLLP 2575, routes HTTP 8080, bridge HTTP 8081, claims HTTP 8082, anvil 8545, Kafka 9092,
                     PostgreSQL 5432; with 3 brokers, Kafka 9092-9094, one process each, topics with 3 replicas, 2 in sync;
                     override with CARELEDGER_*_PORT, or point at external services with
                     CARELEDGER_KAFKA_BOOTSTRAP_SERVERS, CARELEDGER_ROUTES_JDBC_URL, CARELEDGER_BRIDGE_JDBC_URL,
                     CARELEDGER_CLAIMS_JDBC_URL, CARELEDGER_RPC_URL + CARELEDGER_CHAIN_ID + CARELEDGER_BRIDGE_KEY [+ CARELEDGER_ANCHOR_CONTRACT])
              bench ingest [connections] [seconds]
                     N MLLP connections in lock-step against the routes app (durable Kafka writes)
                     and, in the same run, against a bare HAPI server; prints throughput and ACK p50/p99
              bench mappings [TYPE,TYPE...]
                     JMH: parse + map + de-identify + serialise per message type (default: all twenty and
                     ORU_R01_5OBX) beside bare HAPI parsing, one thread; prints messages/s and the ratio
              bench claims [claims]
                     ClaimSettlement on its own anvil: gas per claim for 1, 5 and 20 lines beside an ERC-20
                     transfer, per claim in a batch of 20, and claims settled/s one and 20 per transaction
              bench ledger [events]
                     anchor N synthetic events (default 100,000) through the bridge on anvil; prints
                     events/s, event-to-confirmed p50/p95, gas per event by batch size against one anchor
                     per event, and proof look-up p50/p99 against a direct database read
              faults [FAULT...]
                     a hub on three Kafka brokers under a steady mixed load (MLLP with resending senders,
                     FHIR, inbox files, claims); injects each fault in turn (default: all of leader-kill,
                     follower-kill, routes-kill, routes-term, bridge-kill-anchoring, claims-kill-settling,
                     postgres-restart, rpc-outage, resend-during-failover), then counts from Kafka,
                     PostgreSQL and the chain; prints a table and one JSON line; exit 1 if anything
                     acknowledged is missing or anything is duplicated downstream
              verify PROOF.json --rpc URL [--event EVENT.json]
                     check a proof from GET /proofs/{eventId} against that RPC endpoint alone:
                     exit 0 valid, 1 invalid (with the reason), 2 usage or endpoint error
              deploy --rpc URL --chain-id N [--keystore FILE] [--anchorer 0xADDRESS]...
                     deploy EventAnchor to any EVM network and print its address; the key comes from the
                     keystore (CARELEDGER_KEYSTORE_PASSWORD) or CARELEDGER_DEPLOYER_KEY, never the command line
              token --role ROLE [--role ROLE]... [--ttl-hours N]
                     print a bearer token of the dev issuer (.careledger/dev-issuer) carrying these roles:
                     feed:<feedId>, admin, metrics, payer:<payerId>, provider:<providerId>; default 12 hours
              config-reference
                     rewrite routes/CONFIGURATION.md and ledger-bridge/CONFIGURATION.md from each app's
                     application.properties and @ConfigMapping interfaces (a test fails when they are stale)
              help   this text
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        Path home = Path.of(System.getProperty("careledger.home", ".")).toAbsolutePath().normalize();
        Path runDir = home.resolve(".careledger").resolve(command + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        switch (command) {
            case "demo" -> {
                quietLogging(runDir);
                Demo.Outcome outcome = new Demo(System.out).run(home, runDir, System.getenv());
                System.out.println(outcome.toJson());
                System.exit(outcome.ok() ? 0 : 1);
            }
            case "up" -> {
                int brokers = kafkaBrokers(args);
                quietLogging(runDir);
                up(home, runDir, brokers);
            }
            case "bench" -> {
                if (args.length < 2 || !(args[1].equals("ingest") || args[1].equals("ledger") || args[1].equals("mappings") || args[1].equals("claims"))) {
                    System.err.print("usage: ./careledger bench ingest [connections] [seconds]\n"
                            + "       ./careledger bench mappings [TYPE,TYPE...]\n"
                            + "       ./careledger bench claims [claims]\n"
                            + "       ./careledger bench ledger [events]\n");
                    System.exit(2);
                }
                if (args[1].equals("claims")) {
                    new ClaimsBench(System.out, args.length > 2 ? Integer.parseInt(args[2]) : 200).run(home, runDir);
                    return;
                }
                if (args[1].equals("mappings")) {
                    new MappingsBench(System.out, args.length > 2 ? java.util.List.of(args[2].split(",")) : MappingsBench.ALL).run(home);
                    return;
                }
                quietLogging(runDir);
                if (args[1].equals("ledger")) {
                    new LedgerBench(System.out, args.length > 2 ? Integer.parseInt(args[2]) : 100_000).run(home, runDir, System.getenv());
                    return;
                }
                int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
                int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
                new IngestBench(System.out, connections, Duration.ofSeconds(5), Duration.ofSeconds(seconds))
                        .run(home, runDir, System.getenv());
            }
            case "faults" -> {
                java.util.List<org.careledger.launcher.faults.Fault> faults = new java.util.ArrayList<>();
                for (int i = 1; i < args.length; i++) {
                    faults.add(org.careledger.launcher.faults.Fault.parse(args[i]));
                }
                if (faults.isEmpty()) {
                    faults.addAll(java.util.List.of(org.careledger.launcher.faults.Fault.values()));
                }
                quietLogging(runDir);
                System.out.println("starting a hub on three Kafka brokers, with the bridge's RPC behind a gate...");
                boolean passed;
                try (Hub hub = Hub.start(home, runDir, new Hub.Options(HubPorts.ephemeral(), 1_000, 2, System.getenv(), 3, true))) {
                    passed = new org.careledger.launcher.faults.FaultSuite(System.out,
                            org.careledger.launcher.faults.FaultSuite.Settings.full()).run(hub, home, faults).passed();
                }
                System.exit(passed ? 0 : 1);
            }
            case "token" -> System.exit(TokenCommand.run(args, Hub.issuerDir(home), System.out, System.err));
            case "verify" -> System.exit(VerifyCommand.run(args, System.out, System.err));
            case "config-reference" -> ConfigReference.main(new String[] {home.toString()});
            case "deploy" -> System.exit(DeployCommand.run(args, System.getenv(), System.out, System.err));
            case "help", "-h", "--help" -> System.out.print(HELP);
            default -> {
                System.err.print("unknown command: " + command + "\n\n" + HELP);
                System.exit(2);
            }
        }
    }

    /** {@code up --kafka-brokers 3}: a three-node cluster, one process per broker; 1 by default. */
    private static int kafkaBrokers(String[] args) {
        if (args.length == 1) {
            return 1;
        }
        if (args.length == 3 && args[1].equals("--kafka-brokers") && (args[2].equals("1") || args[2].equals("3"))) {
            return Integer.parseInt(args[2]);
        }
        System.err.print("usage: ./careledger up [--kafka-brokers 1|3]\n");
        System.exit(2);
        return 1;
    }

    private static void up(Path home, Path runDir, int kafkaBrokers) throws Exception {
        Hub hub = Hub.start(home, runDir, new Hub.Options(HubPorts.fromEnvironment(System.getenv()), 5_000, 2,
                System.getenv(), kafkaBrokers));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hub.close();
            stopped.countDown();
        }));
        DevTokens.print(hub.issuer(), System.out);
        Path kafkaClient = KafkaClientConfigFile.write(runDir.resolve("kafka-operator.properties"), hub.endpoints().kafka().operator());
        System.out.println("Kafka client settings of the operator (for Kafka's tools, --command-config): " + kafkaClient);
        System.out.println("CareLedger is up: MLLP 127.0.0.1:" + hub.ports().mllp()
                + ", routes http://127.0.0.1:" + hub.ports().routesHttp()
                + ", bridge " + hub.bridgeUrl()
                + ", claims " + hub.claimsUrl()
                + ", EVM " + hub.endpoints().rpcUrl() + " (EventAnchor " + hub.endpoints().anchorContract() + ")"
                + ", Kafka " + hub.endpoints().kafka().operator()
                + "; logs in " + runDir.resolve("logs") + "; Ctrl-C stops");
        stopped.await();
    }

    /** Client and broker chatter goes to a file; the terminal shows only the launcher's own lines. */
    private static void quietLogging(Path runDir) throws Exception {
        Files.createDirectories(runDir.resolve("logs"));
        System.setProperty("org.slf4j.simpleLogger.logFile", runDir.resolve("logs/launcher.log").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
}
