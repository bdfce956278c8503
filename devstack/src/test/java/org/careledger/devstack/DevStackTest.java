package org.careledger.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevStackTest {

    @Test
    void startsNothingWhenEveryEndpointIsGivenFromOutside(@TempDir Path work) throws Exception {
        Path clientConfig = Files.writeString(work.resolve("client.properties"), String.join("\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"hub\" password=\"kafka-pw\";",
                "bootstrap.servers=ignored:1"));
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "CARELEDGER_KAFKA_BOOTSTRAP_SERVERS", "kafka-1.internal:9092",
                "CARELEDGER_KAFKA_CLIENT_CONFIG", clientConfig.toString(),
                "CARELEDGER_ROUTES_JDBC_URL", "jdbc:postgresql://db.internal/routes",
                "CARELEDGER_BRIDGE_JDBC_URL", "jdbc:postgresql://db.internal/bridge",
                "CARELEDGER_JDBC_USERNAME", "careledger",
                "CARELEDGER_JDBC_PASSWORD", "secret",
                "CARELEDGER_RPC_URL", "https://rpc.example.org",
                "CARELEDGER_CHAIN_ID", "137",
                "CARELEDGER_BRIDGE_KEY", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
                "CARELEDGER_ANCHOR_CONTRACT", "0x5FbDB2315678afecb367f032d93F642f64180aa3"));
        env.put("CARELEDGER_CLAIMS_JDBC_URL", "jdbc:postgresql://db.internal/claims");

        try (DevStack stack = DevStack.start(work, work.resolve("no-node-modules"), DevStack.Ports.ephemeral(), env)) {
            assertThat(stack.startedComponents()).isZero();
            StackEndpoints e = stack.endpoints();
            assertThat(e.kafka().routes().config())
                    .containsEntry("bootstrap.servers", "kafka-1.internal:9092")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            assertThat(e.kafka().bridge()).isEqualTo(e.kafka().routes());
            assertThat(e.kafka().claims()).isEqualTo(e.kafka().routes());
            assertThat(e.toString()).doesNotContain("kafka-pw");
            assertThat(e.routesJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/routes");
            assertThat(e.bridgeJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/bridge");
            assertThat(e.claimsJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/claims");
            assertThat(e.rpcUrl()).isEqualTo("https://rpc.example.org");
            assertThat(e.chainId()).isEqualTo(137);
            assertThat(e.anchorContract()).isEqualTo("0x5FbDB2315678afecb367f032d93F642f64180aa3");
            assertThat(e.toString()).doesNotContain("59c6995e").doesNotContain("secret");
        }
    }

    @Test
    void refusesAnRpcUrlWithoutChainIdAndKey(@TempDir Path work) {
        assertThatThrownBy(() -> DevStack.start(work, work, DevStack.Ports.ephemeral(), Map.of("CARELEDGER_RPC_URL", "http://x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CARELEDGER_CHAIN_ID");
    }
}
