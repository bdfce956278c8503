package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.contracts.generated.EventAnchor;
import org.careledger.devstack.AnvilNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/** {@code ./careledger deploy} against the shared anvil, with the key in an encrypted keystore. */
class DeployCommandEndToEndTest {

    // anvil's fourth funded account: not the deployer or the bridge of the shared hub
    private static final String OPERATOR_KEY = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run deploy(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DeployCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void deploysFromAKeystoreGrantsTheAnchorerAndPrintsTheAddress() throws Exception {
        String rpc = SharedHub.get().endpoints().rpcUrl();
        Credentials operator = Credentials.create(OPERATOR_KEY);
        String file = WalletUtils.generateWalletFile("correct horse", operator.getEcKeyPair(), dir.toFile(), false);
        String bridge = Credentials.create(AnvilNode.BRIDGE_KEY).getAddress();

        Run run = deploy(Map.of("CARELEDGER_KEYSTORE_PASSWORD", "correct horse"), "deploy", "--rpc", rpc,
                "--chain-id", Long.toString(AnvilNode.CHAIN_ID), "--keystore", dir.resolve(file).toString(), "--anchorer", bridge);

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode deployed = new ObjectMapper().readTree(run.out());
        assertThat(deployed.get("admin").asText()).isEqualToIgnoringCase(operator.getAddress());
        String address = deployed.get("eventAnchor").asText();
        Web3j web3j = Web3j.build(new HttpService(rpc));
        try {
            assertThat(web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode()).hasSizeGreaterThan(2);
            EventAnchor anchor = EventAnchor.load(address, web3j, new ReadonlyTransactionManager(web3j, bridge), new DefaultGasProvider());
            assertThat(anchor.hasRole(anchor.ANCHOR_ROLE().send(), bridge).send()).isTrue();
            assertThat(anchor.hasRole(anchor.ANCHOR_ROLE().send(), operator.getAddress()).send()).isFalse();
        } finally {
            web3j.shutdown();
        }
        assertThat(run.out() + run.err()).doesNotContain(OPERATOR_KEY.substring(2));
    }

    @Test
    void wrongKeystorePasswordOrChainIdDeploysNothing() throws Exception {
        String rpc = SharedHub.get().endpoints().rpcUrl();
        String file = WalletUtils.generateWalletFile("right", Credentials.create(OPERATOR_KEY).getEcKeyPair(), dir.toFile(), false);

        Run wrongPassword = deploy(Map.of("CARELEDGER_KEYSTORE_PASSWORD", "wrong"), "deploy", "--rpc", rpc,
                "--chain-id", Long.toString(AnvilNode.CHAIN_ID), "--keystore", dir.resolve(file).toString());
        Run wrongChain = deploy(Map.of("CARELEDGER_DEPLOYER_KEY", OPERATOR_KEY), "deploy", "--rpc", rpc, "--chain-id", "1");

        assertThat(wrongPassword.exit()).isEqualTo(2);
        assertThat(wrongChain.exit()).isEqualTo(1);
        assertThat(wrongChain.err()).contains("not 1").doesNotContain(OPERATOR_KEY.substring(2));
        assertThat(deploy(Map.of(), "deploy", "--rpc", rpc).exit()).isEqualTo(2);
    }
}
