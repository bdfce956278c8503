package org.careledger.devstack;

import java.util.Map;

/**
 * Where the apps find Kafka, PostgreSQL and the chain: either started by {@link DevStack} or given
 * from outside. The bridge key is the only secret here and only the ledger bridge receives it.
 */
public record StackEndpoints(
        String kafkaBootstrapServers,
        String routesJdbcUrl,
        String bridgeJdbcUrl,
        String jdbcUsername,
        String jdbcPassword,
        String rpcUrl,
        long chainId,
        String anchorContract,
        String bridgeKey,
        Claims claims) {

    /**
     * The settlement contracts and the provider that submits claims, or null when the chain has none:
     * the dev stack deploys them on its own anvil only.
     */
    public record Claims(String registry, String token, String settlement, String providerId, String providerKey) {
        @Override
        public String toString() {
            return "Claims[registry=" + registry + ", token=" + token + ", settlement=" + settlement + ", provider=" + providerId + "]";
        }
    }

    /**
     * The endpoints given through {@code CARELEDGER_*} environment variables; each one left unset is
     * null (chain id 0), meaning "start it".
     */
    public static StackEndpoints fromEnvironment(Map<String, String> env) {
        String rpc = blankToNull(env.get("CARELEDGER_RPC_URL"));
        String chainId = blankToNull(env.get("CARELEDGER_CHAIN_ID"));
        String bridgeKey = blankToNull(env.get("CARELEDGER_BRIDGE_KEY"));
        if (rpc != null && (chainId == null || bridgeKey == null)) {
            throw new IllegalArgumentException("CARELEDGER_RPC_URL needs CARELEDGER_CHAIN_ID and CARELEDGER_BRIDGE_KEY");
        }
        return new StackEndpoints(
                blankToNull(env.get("CARELEDGER_KAFKA_BOOTSTRAP_SERVERS")),
                blankToNull(env.get("CARELEDGER_ROUTES_JDBC_URL")),
                blankToNull(env.get("CARELEDGER_BRIDGE_JDBC_URL")),
                blankToNull(env.get("CARELEDGER_JDBC_USERNAME")),
                blankToNull(env.get("CARELEDGER_JDBC_PASSWORD")),
                rpc,
                rpc == null ? 0 : Long.parseLong(chainId),
                blankToNull(env.get("CARELEDGER_ANCHOR_CONTRACT")),
                bridgeKey,
                null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "StackEndpoints[kafka=" + kafkaBootstrapServers + ", routesJdbc=" + routesJdbcUrl
                + ", bridgeJdbc=" + bridgeJdbcUrl + ", rpc=" + rpcUrl + ", chainId=" + chainId
                + ", anchorContract=" + anchorContract + ", claims=" + claims + "]";
    }
}
