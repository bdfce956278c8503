package org.careledger.devstack;

import java.util.Map;

/**
 * Endpoints given from outside through environment variables. A set variable means "use this one,
 * start nothing for it".
 */
record ExternalEndpoints(
        String kafkaBootstrapServers,
        String routesJdbcUrl,
        String bridgeJdbcUrl,
        String jdbcUsername,
        String jdbcPassword,
        String rpcUrl,
        long chainId,
        String bridgeKey,
        String anchorContract) {

    static ExternalEndpoints from(Map<String, String> env) {
        String rpc = blankToNull(env.get("CARELEDGER_RPC_URL"));
        if (rpc != null && (blankToNull(env.get("CARELEDGER_CHAIN_ID")) == null || blankToNull(env.get("CARELEDGER_BRIDGE_KEY")) == null)) {
            throw new IllegalArgumentException("CARELEDGER_RPC_URL needs CARELEDGER_CHAIN_ID and CARELEDGER_BRIDGE_KEY");
        }
        return new ExternalEndpoints(
                blankToNull(env.get("CARELEDGER_KAFKA_BOOTSTRAP_SERVERS")),
                blankToNull(env.get("CARELEDGER_ROUTES_JDBC_URL")),
                blankToNull(env.get("CARELEDGER_BRIDGE_JDBC_URL")),
                blankToNull(env.get("CARELEDGER_JDBC_USERNAME")),
                blankToNull(env.get("CARELEDGER_JDBC_PASSWORD")),
                rpc,
                rpc == null ? 0 : Long.parseLong(env.get("CARELEDGER_CHAIN_ID").trim()),
                blankToNull(env.get("CARELEDGER_BRIDGE_KEY")),
                blankToNull(env.get("CARELEDGER_ANCHOR_CONTRACT")));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
