package org.careledger.devstack;

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
        String bridgeKey) {

    @Override
    public String toString() {
        return "StackEndpoints[kafka=" + kafkaBootstrapServers + ", routesJdbc=" + routesJdbcUrl
                + ", bridgeJdbc=" + bridgeJdbcUrl + ", rpc=" + rpcUrl + ", chainId=" + chainId
                + ", anchorContract=" + anchorContract + "]";
    }
}
