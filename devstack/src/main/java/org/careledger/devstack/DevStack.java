package org.careledger.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.careledger.contracts.AnchorDeployment;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.ClaimsDeployment;
import org.web3j.crypto.Credentials;

/**
 * Starts what is not configured from outside: a Kafka KRaft node (SASL_SSL with ACLs, a principal per
 * app), a PostgreSQL server and anvil with
 * {@code EventAnchor} deployed. Each external endpoint that is set (see {@link StackEndpoints#fromEnvironment})
 * replaces the matching component, and then nothing is started for it.
 */
public final class DevStack implements AutoCloseable {

    public static final String ROUTES_DB = "careledger_routes";
    public static final String BRIDGE_DB = "careledger_bridge";
    public static final String CLAIMS_DB = "careledger_claims";
    /** The dev provider's participant id: the sample feed's sending facility (MSH-4). */
    public static final String DEV_PROVIDER_ID = "STMARYS";
    /** The second facility of the sample charges, a provider the claims app signs for with a key file of its own. */
    public static final String DEV_SECOND_PROVIDER_ID = "NORTHSIDE";
    public static final String DEV_PAYER_ID = "PAYER-DEMO";

    private final List<AutoCloseable> started;
    private final StackEndpoints endpoints;
    private final KafkaCluster kafkaCluster;

    private DevStack(List<AutoCloseable> started, StackEndpoints endpoints, KafkaCluster kafkaCluster) {
        this.started = started;
        this.endpoints = endpoints;
        this.kafkaCluster = kafkaCluster;
    }

    /** Ports of 0 pick free ones. */
    public record Ports(int kafka, int postgres, int anvil) {
        public static Ports ephemeral() {
            return new Ports(0, 0, 0);
        }
    }

    public static DevStack start(Path workDir, Path contractsDir, Ports ports, Map<String, String> env) throws Exception {
        return start(workDir, contractsDir, ports, 1, env);
    }

    /**
     * {@code kafkaBrokers}: 1 starts one in-process node; 3 starts a cluster of three node processes
     * ({@link KafkaCluster}) on consecutive ports from {@code ports.kafka()}.
     */
    public static DevStack start(Path workDir, Path contractsDir, Ports ports, int kafkaBrokers, Map<String, String> env) throws Exception {
        if (kafkaBrokers != 1 && kafkaBrokers != 3) {
            throw new IllegalArgumentException("the dev stack runs 1 or 3 Kafka brokers, not " + kafkaBrokers);
        }
        StackEndpoints external = StackEndpoints.fromEnvironment(env);
        List<AutoCloseable> started = new ArrayList<>();
        KafkaCluster kafkaCluster = null;
        try {
            KafkaPrincipals kafka = external.kafka();
            if (kafka == null) {
                KafkaNode.Security security = new KafkaNode.Security(
                        List.of(HubAcls.ROUTES_USER, HubAcls.BRIDGE_USER, HubAcls.CLAIMS_USER, HubAcls.OPERATOR_USER),
                        List.of(HubAcls.OPERATOR_USER), HubAcls.all());
                if (kafkaBrokers == 1) {
                    KafkaNode node = KafkaNode.start(workDir.resolve("kafka"), ports.kafka(), security);
                    started.add(node);
                    kafka = new KafkaPrincipals(node.access(HubAcls.ROUTES_USER), node.access(HubAcls.BRIDGE_USER),
                            node.access(HubAcls.CLAIMS_USER), node.access(HubAcls.OPERATOR_USER), 1);
                } else {
                    KafkaCluster cluster = KafkaCluster.start(workDir.resolve("kafka"), kafkaBrokers, ports.kafka(), security);
                    started.add(cluster);
                    kafkaCluster = cluster;
                    kafka = new KafkaPrincipals(cluster.access(HubAcls.ROUTES_USER), cluster.access(HubAcls.BRIDGE_USER),
                            cluster.access(HubAcls.CLAIMS_USER), cluster.access(HubAcls.OPERATOR_USER), kafkaBrokers);
                }
            }

            String routesJdbc = external.routesJdbcUrl();
            String bridgeJdbc = external.bridgeJdbcUrl();
            String claimsJdbc = external.claimsJdbcUrl();
            String user = external.jdbcUsername();
            String password = external.jdbcPassword();
            if (routesJdbc == null || bridgeJdbc == null || claimsJdbc == null) {
                PostgresNode pg = PostgresNode.start(workDir.resolve("postgres"), ports.postgres(), ROUTES_DB, BRIDGE_DB, CLAIMS_DB);
                started.add(pg);
                routesJdbc = routesJdbc != null ? routesJdbc : pg.jdbcUrl(ROUTES_DB);
                bridgeJdbc = bridgeJdbc != null ? bridgeJdbc : pg.jdbcUrl(BRIDGE_DB);
                claimsJdbc = claimsJdbc != null ? claimsJdbc : pg.jdbcUrl(CLAIMS_DB);
                user = PostgresNode.USER;
                password = PostgresNode.PASSWORD;
            }

            String rpc = external.rpcUrl();
            long chainId = external.chainId();
            String bridgeKey = external.bridgeKey();
            // on an external chain the bridge key deploys the contract (and is its admin) when none is given
            String deployerKey = external.bridgeKey();
            if (rpc == null) {
                AnvilNode anvil = AnvilNode.start(contractsDir, workDir.resolve("logs/anvil.log"), ports.anvil(), 1);
                started.add(anvil);
                rpc = anvil.rpcUrl();
                chainId = AnvilNode.CHAIN_ID;
                bridgeKey = AnvilNode.BRIDGE_KEY;
                deployerKey = AnvilNode.DEPLOYER_KEY;
            }
            String contract = external.anchorContract();
            StackEndpoints.Claims claims = null;
            try (ChainSession admin = new ChainSession(rpc, chainId, deployerKey, ChainSession.FeeCaps.gwei(100, 2, 3_000_000))) {
                if (contract == null) {
                    contract = AnchorDeployment.deploy(admin, Credentials.create(bridgeKey).getAddress());
                }
                if (external.rpcUrl() == null) {
                    claims = deployClaims(admin, contract, rpc);
                }
            }
            return new DevStack(started, new StackEndpoints(kafka, routesJdbc, bridgeJdbc, claimsJdbc, user, password,
                    rpc, chainId, contract, bridgeKey, claims), kafkaCluster);
        } catch (Exception e) {
            closeAll(started);
            throw e;
        }
    }

    /**
     * Settlement on the dev anvil: the sample feed's sending facility and a second facility as
     * registered providers, each with its own key, and a sample payer with plan BAV and a funded escrow.
     */
    private static StackEndpoints.Claims deployClaims(ChainSession admin, String anchor, String rpc) throws Exception {
        String providerAddress = Credentials.create(AnvilNode.PROVIDER_KEY).getAddress();
        ClaimsDeployment.Contracts c = ClaimsDeployment.deploy(admin, anchor, DEV_PROVIDER_ID, providerAddress);
        ClaimsDeployment.registerProvider(admin, c, DEV_SECOND_PROVIDER_ID, Credentials.create(AnvilNode.SECOND_PROVIDER_KEY).getAddress());
        try (ChainSession payer = new ChainSession(rpc, admin.chainId(), AnvilNode.SAMPLE_PAYER_KEY, admin.fees())) {
            ClaimsDeployment.onboardPayer(admin, payer, c, DEV_PAYER_ID, StackEndpoints.Claims.SAMPLE_PLAN, 1_000_000);
        }
        return new StackEndpoints.Claims(c.registry(), c.token(), c.settlement(), DEV_PROVIDER_ID, AnvilNode.PROVIDER_KEY,
                DEV_SECOND_PROVIDER_ID, AnvilNode.SECOND_PROVIDER_KEY, DEV_PAYER_ID, AnvilNode.SAMPLE_PAYER_KEY);
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    /** The Kafka cluster this stack started, for fault injection; empty for one node or external Kafka. */
    public java.util.Optional<KafkaCluster> kafkaCluster() {
        return java.util.Optional.ofNullable(kafkaCluster);
    }

    /** The PostgreSQL server this stack started, for fault injection; empty when PostgreSQL is external. */
    public java.util.Optional<PostgresNode> postgres() {
        return started.stream().filter(PostgresNode.class::isInstance).map(PostgresNode.class::cast).findFirst();
    }

    /** How many components this stack started itself (0 when everything is external). */
    public int startedComponents() {
        return started.size();
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(List<AutoCloseable> components) {
        List<AutoCloseable> reversed = new ArrayList<>(components);
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("dev stack: could not stop " + c.getClass().getSimpleName() + ": " + e);
            }
        }
    }
}
