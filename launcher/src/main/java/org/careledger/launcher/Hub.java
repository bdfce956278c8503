package org.careledger.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.careledger.devstack.DevStack;
import org.careledger.devstack.KafkaAccess;
import org.careledger.devstack.KafkaPrincipals;
import org.careledger.devstack.RpcGate;
import org.careledger.devstack.StackEndpoints;

/**
 * A running CareLedger: the dev stack (or the external endpoints configured), the routes app, the
 * ledger bridge and the claims app, each in its own JVM. The routes app starts first because it
 * creates the topics; the claims app last, since it asks the bridge for proofs.
 */
public final class Hub implements AutoCloseable {

    private final DevStack stack;
    private final HubApp routes;
    private final HubApp bridge;
    private final HubApp claims;
    private final RpcGate rpcGate;
    private final HubPorts ports;
    private final Path runDir;
    private final DevIssuer issuer;

    private Hub(DevStack stack, HubApp routes, HubApp bridge, HubApp claims, RpcGate rpcGate, HubPorts ports, Path runDir,
                DevIssuer issuer) {
        this.stack = stack;
        this.routes = routes;
        this.bridge = bridge;
        this.claims = claims;
        this.rpcGate = rpcGate;
        this.ports = ports;
        this.runDir = runDir;
        this.issuer = issuer;
    }

    /** Where the dev issuer's key lives: one per checkout, so tokens outlive a restart of {@code up}. */
    public static Path issuerDir(Path home) {
        return home.resolve(".careledger/dev-issuer");
    }

    /** Settings that differ between a demo, the tests and a long-running hub. */
    public record Options(HubPorts ports, long batchMaxAgeMillis, int confirmations, Map<String, String> env, int kafkaBrokers,
                          boolean faultInjection) {

        /** On one Kafka broker. */
        public Options(HubPorts ports, long batchMaxAgeMillis, int confirmations, Map<String, String> env) {
            this(ports, batchMaxAgeMillis, confirmations, env, 1, false);
        }

        public Options(HubPorts ports, long batchMaxAgeMillis, int confirmations, Map<String, String> env, int kafkaBrokers) {
            this(ports, batchMaxAgeMillis, confirmations, env, kafkaBrokers, false);
        }
    }

    /**
     * With {@code faultInjection} the bridge and the claims app reach the chain through an
     * {@link RpcGate}, so the fault suite can take the RPC away and give it back.
     */
    public static Hub start(Path home, Path runDir, Options options) throws Exception {
        HubPorts ports = options.ports().resolved();
        DevIssuer issuer = DevIssuer.loadOrCreate(issuerDir(home));
        DevStack stack = DevStack.start(runDir, home.resolve("ledger-bridge/contracts"), ports.stackPorts(),
                options.kafkaBrokers(), options.env());
        HubApp routes = null;
        HubApp bridge = null;
        HubApp claims = null;
        RpcGate gate = null;
        try {
            StackEndpoints e = stack.endpoints();
            routes = new HubApp("routes", home.resolve("routes/target/quarkus-app/quarkus-run.jar"),
                    routesConfig(e, ports, runDir, issuer), runDir.resolve("logs/routes.log"), ports.routesHttp());
            routes.start();
            Map<String, String> bridgeConfig = bridgeConfig(e, ports, options, issuer);
            Map<String, String> claimsConfig = claimsConfig(e, ports, options, issuer);
            if (e.claims() != null) {
                // the second provider's key as an operator would give it: one key file per provider
                Path keys = java.nio.file.Files.createDirectories(runDir.resolve("provider-keys"));
                java.nio.file.Files.writeString(keys.resolve(e.claims().secondProviderId() + ".key"), e.claims().secondProviderKey());
                claimsConfig.put("careledger.claims.provider-key-dir", keys.toString());
            }
            if (options.faultInjection()) {
                gate = RpcGate.open(e.rpcUrl());
                bridgeConfig.put("careledger.ledger.rpc-url", gate.url());
                claimsConfig.put("careledger.chain.rpc-url", gate.url());
            }
            bridge = new HubApp("ledger-bridge", home.resolve("ledger-bridge/target/quarkus-app/quarkus-run.jar"),
                    bridgeConfig, runDir.resolve("logs/ledger-bridge.log"), ports.bridgeHttp());
            bridge.start();
            claims = new HubApp("claims", home.resolve("claims/target/quarkus-app/quarkus-run.jar"),
                    claimsConfig, runDir.resolve("logs/claims.log"), ports.claimsHttp());
            claims.start();
            return new Hub(stack, routes, bridge, claims, gate, ports, runDir, issuer);
        } catch (Exception failure) {
            closeQuietly(claims == null ? null : claims::close);
            closeQuietly(bridge == null ? null : bridge::close);
            closeQuietly(routes == null ? null : routes::close);
            closeQuietly(gate);
            stack.close();
            throw failure;
        }
    }

    /**
     * The apps run in the dev profile, which alone admits the public development keys, and verify
     * tokens against the dev issuer.
     */
    private static Map<String, String> withAuth(Map<String, String> config, DevIssuer issuer) {
        config.put("quarkus.profile", "dev");
        config.put("careledger.auth.jwks", issuer.jwks().toString());
        config.put("careledger.auth.issuer", DevIssuer.ISSUER);
        return config;
    }

    /** Each app reaches Kafka as its own principal: its client security goes in Quarkus's kafka.* block. */
    static void withKafka(Map<String, String> config, KafkaAccess kafka) {
        config.put("careledger.kafka.bootstrap-servers", kafka.bootstrapServers());
        kafka.security().forEach((key, value) -> config.put("kafka." + key, value));
    }

    /**
     * Topics as durable as the dev stack's brokers allow: three replicas, two in sync, on three; one on
     * one. On an external cluster the apps' own settings (production defaults) apply.
     */
    private static void withTopicDurability(Map<String, String> config, KafkaPrincipals kafka) {
        if (kafka.brokers() > 0) {
            config.put("careledger.kafka.replication-factor", Integer.toString(kafka.replicationFactor()));
            config.put("careledger.kafka.min-insync-replicas", Integer.toString(kafka.minInsyncReplicas()));
        }
    }

    /** The routes app gets Kafka, its own database and an inbox under the run folder, and no chain key. */
    static Map<String, String> routesConfig(StackEndpoints e, HubPorts ports, Path runDir, DevIssuer issuer) {
        Map<String, String> config = withAuth(new LinkedHashMap<>(), issuer);
        config.put("careledger.events.signing-key-id", issuer.eventKey().keyId());
        config.put("careledger.events.signing-key", issuer.eventKey().privateKey());
        withKafka(config, e.kafka().routes());
        withTopicDurability(config, e.kafka());
        config.put("careledger.jdbc.url", e.routesJdbcUrl());
        config.put("careledger.jdbc.username", e.jdbcUsername());
        config.put("careledger.jdbc.password", e.jdbcPassword());
        config.put("careledger.mllp.port", Integer.toString(ports.mllp()));
        config.put("careledger.hl7.inbox-dir", runDir.resolve("inbox/hl7v2").toString());
        config.put("quarkus.http.port", Integer.toString(ports.routesHttp()));
        return config;
    }

    /** The bridge gets the events, its own database, the chain and the anchoring key; it never sees PHI nor a payment key. */
    static Map<String, String> bridgeConfig(StackEndpoints e, HubPorts ports, Options options, DevIssuer issuer) {
        Map<String, String> config = withAuth(new LinkedHashMap<>(), issuer);
        config.put("careledger.events.verification-keys", issuer.eventKey().verificationEntry());
        withKafka(config, e.kafka().bridge());
        withTopicDurability(config, e.kafka());
        config.put("careledger.jdbc.url", e.bridgeJdbcUrl());
        config.put("careledger.jdbc.username", e.jdbcUsername());
        config.put("careledger.jdbc.password", e.jdbcPassword());
        config.put("careledger.ledger.rpc-url", e.rpcUrl());
        config.put("careledger.ledger.chain-id", Long.toString(e.chainId()));
        config.put("careledger.ledger.private-key", e.bridgeKey());
        config.put("careledger.ledger.anchor-contract", e.anchorContract());
        config.put("careledger.ledger.confirmations", Integer.toString(options.confirmations()));
        config.put("careledger.ledger.batch.max-age-ms", Long.toString(options.batchMaxAgeMillis()));
        config.put("quarkus.http.port", Integer.toString(ports.bridgeHttp()));
        if (e.claims() != null) {
            // the bridge anchors claim leaves for this contract; the claims app pays against them
            config.put("careledger.claims.settlement-contract", e.claims().settlement());
        }
        return config;
    }

    /**
     * The claims app gets the claim events, its own database, the chain, the bridge's proofs and the
     * providers' keys; it never sees PHI nor the anchoring key.
     */
    static Map<String, String> claimsConfig(StackEndpoints e, HubPorts ports, Options options, DevIssuer issuer) {
        Map<String, String> config = withAuth(new LinkedHashMap<>(), issuer);
        config.put("careledger.events.verification-keys", issuer.eventKey().verificationEntry());
        withKafka(config, e.kafka().claims());
        withTopicDurability(config, e.kafka());
        config.put("careledger.jdbc.url", e.claimsJdbcUrl());
        config.put("careledger.jdbc.username", e.jdbcUsername());
        config.put("careledger.jdbc.password", e.jdbcPassword());
        config.put("careledger.chain.rpc-url", e.rpcUrl());
        config.put("careledger.chain.chain-id", Long.toString(e.chainId()));
        config.put("careledger.chain.confirmations", Integer.toString(options.confirmations()));
        config.put("careledger.claims.bridge-url", "http://127.0.0.1:" + ports.bridgeHttp());
        config.put("quarkus.http.port", Integer.toString(ports.claimsHttp()));
        // a payer's webhook receiver on this machine, as in the tests and when trying settlement by hand
        config.put("careledger.webhooks.allow-networks", "127.0.0.1/32");
        if (e.claims() != null) {
            config.put("careledger.claims.settlement-contract", e.claims().settlement());
            config.put("careledger.claims.provider-id", e.claims().providerId());
            config.put("careledger.claims.provider-key", e.claims().providerKey());
        }
        return config;
    }

    public StackEndpoints endpoints() {
        return stack.endpoints();
    }

    /** The dev stack, for fault injection (its Kafka cluster, when it runs three brokers). */
    public DevStack stack() {
        return stack;
    }

    public HubPorts ports() {
        return ports;
    }

    public Path runDir() {
        return runDir;
    }

    /** The routes app's process as it runs now. */
    public AppProcess routes() {
        return routes.process();
    }

    /** The bridge's process as it runs now. */
    public AppProcess bridge() {
        return bridge.process();
    }

    /** The routes app, to kill, stop or restart. */
    public HubApp routesApp() {
        return routes;
    }

    public HubApp bridgeApp() {
        return bridge;
    }

    /** The claims app's process as it runs now. */
    public AppProcess claims() {
        return claims.process();
    }

    public HubApp claimsApp() {
        return claims;
    }

    /** The gate between the apps and the chain; empty unless started for fault injection. */
    public java.util.Optional<RpcGate> rpcGate() {
        return java.util.Optional.ofNullable(rpcGate);
    }

    public DevIssuer issuer() {
        return issuer;
    }

    public String routesUrl() {
        return "http://127.0.0.1:" + ports.routesHttp();
    }

    public String bridgeUrl() {
        return "http://127.0.0.1:" + ports.bridgeHttp();
    }

    public String claimsUrl() {
        return "http://127.0.0.1:" + ports.claimsHttp();
    }

    @Override
    public void close() {
        closeQuietly(claims::close);
        closeQuietly(bridge::close);
        closeQuietly(routes::close);
        closeQuietly(rpcGate);
        stack.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("could not stop " + c + ": " + e);
        }
    }
}
