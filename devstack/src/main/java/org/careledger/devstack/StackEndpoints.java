package org.careledger.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where the apps find Kafka, PostgreSQL and the chain: either started by {@link DevStack} or given
 * from outside. Kafka is reached by a principal per app (see {@link KafkaPrincipals}); the bridge key
 * goes to the ledger bridge only, and the providers' keys (in {@link Claims}) to the claims app only.
 */
public record StackEndpoints(
        KafkaPrincipals kafka,
        String routesJdbcUrl,
        String bridgeJdbcUrl,
        String claimsJdbcUrl,
        String jdbcUsername,
        String jdbcPassword,
        String rpcUrl,
        long chainId,
        String anchorContract,
        String bridgeKey,
        Claims claims) {

    /**
     * The settlement contracts, the provider that submits claims, a second provider, and the sample
     * payer, or null when the chain has none: the dev stack deploys them on its own anvil only.
     */
    public record Claims(String registry, String token, String settlement, String providerId, String providerKey,
                         String secondProviderId, String secondProviderKey, String samplePayerId, String samplePayerKey) {

        /** The sample payer's plan: 200 USD for 99223 and 60 USD for 80053, no co-pay, 10,000 USD per claim. */
        public static final String SAMPLE_PLAN = "BAV";

        @Override
        public String toString() {
            return "Claims[registry=" + registry + ", token=" + token + ", settlement=" + settlement + ", providers=" + providerId + ","
                    + secondProviderId + ", payer=" + samplePayerId + "]";
        }
    }

    /**
     * The endpoints given through {@code CARELEDGER_*} environment variables; each one left unset is
     * null (chain id 0), meaning "start it".
     */
    public static StackEndpoints fromEnvironment(Map<String, String> env) {
        String kafka = blankToNull(env.get("CARELEDGER_KAFKA_BOOTSTRAP_SERVERS"));
        String clientConfig = blankToNull(env.get("CARELEDGER_KAFKA_CLIENT_CONFIG"));
        String rpc = blankToNull(env.get("CARELEDGER_RPC_URL"));
        String chainId = blankToNull(env.get("CARELEDGER_CHAIN_ID"));
        String bridgeKey = blankToNull(env.get("CARELEDGER_BRIDGE_KEY"));
        if (rpc != null && (chainId == null || bridgeKey == null)) {
            throw new IllegalArgumentException("CARELEDGER_RPC_URL needs CARELEDGER_CHAIN_ID and CARELEDGER_BRIDGE_KEY");
        }
        return new StackEndpoints(
                kafka == null ? null : KafkaPrincipals.shared(new KafkaAccess(kafka, clientSecurity(clientConfig))),
                blankToNull(env.get("CARELEDGER_ROUTES_JDBC_URL")),
                blankToNull(env.get("CARELEDGER_BRIDGE_JDBC_URL")),
                blankToNull(env.get("CARELEDGER_CLAIMS_JDBC_URL")),
                blankToNull(env.get("CARELEDGER_JDBC_USERNAME")),
                blankToNull(env.get("CARELEDGER_JDBC_PASSWORD")),
                rpc,
                rpc == null ? 0 : Long.parseLong(chainId),
                blankToNull(env.get("CARELEDGER_ANCHOR_CONTRACT")),
                bridgeKey,
                null);
    }

    /**
     * Kafka client settings from a properties file, the form Kafka's own tools take with
     * {@code --command-config}: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}.
     */
    static Map<String, String> clientSecurity(String file) {
        if (file == null) {
            return Map.of();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file))) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("CARELEDGER_KAFKA_CLIENT_CONFIG: cannot read " + file, e);
        }
        Map<String, String> settings = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> settings.put(k, props.getProperty(k)));
        settings.remove("bootstrap.servers");
        return settings;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "StackEndpoints[kafka=" + (kafka == null ? null : kafka.operator()) + ", routesJdbc=" + routesJdbcUrl
                + ", bridgeJdbc=" + bridgeJdbcUrl + ", claimsJdbc=" + claimsJdbcUrl + ", rpc=" + rpcUrl + ", chainId=" + chainId
                + ", anchorContract=" + anchorContract + ", claims=" + claims + "]";
    }
}
