package org.careledger.bridge.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.careledger.bridge.merkle.StandardMerkleTree;
import org.careledger.contracts.AnchorDeployment;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.EventAnchor;
import org.careledger.devstack.AnvilNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.exceptions.TransactionException;

/** EventAnchor and the bridge's chain client against a real anvil node. */
class EvmAnchorChainTest {

    private static AnvilNode anvil;
    private static ChainSession bridgeKey;
    private static String contract;

    @BeforeAll
    static void startAnvil() throws Exception {
        Path home = Path.of(System.getProperty("careledger.home", ".."));
        Path work = Files.createTempDirectory("anvil-test");
        anvil = AnvilNode.start(home.resolve("ledger-bridge/contracts"), work.resolve("anvil.log"), 0, 1);
        try (ChainSession admin = session(AnvilNode.DEPLOYER_KEY)) {
            contract = AnchorDeployment.deploy(admin, Credentials.create(AnvilNode.BRIDGE_KEY).getAddress());
        }
        bridgeKey = session(AnvilNode.BRIDGE_KEY);
    }

    @AfterAll
    static void stopAnvil() throws Exception {
        bridgeKey.close();
        anvil.close();
    }

    private static ChainSession session(String key) {
        return new ChainSession(anvil.rpcUrl(), AnvilNode.CHAIN_ID, key, ChainSession.FeeCaps.gwei(100, 2, 3_000_000));
    }

    private static List<byte[]> eventHashes(String seed, int n) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hashes.add(Hash.sha3((seed + i).getBytes()));
        }
        return hashes;
    }

    @Test
    void anchorsARootThatTheContractVerifiesProofsAgainst() throws Exception {
        StandardMerkleTree tree = StandardMerkleTree.of(eventHashes("verify", 5));
        byte[] batchId = Hash.sha3("batch-verify".getBytes());
        EvmAnchorChain chain = new EvmAnchorChain(bridgeKey, contract, Duration.ofSeconds(30));

        AnchorChain.Anchored anchored = chain.anchor(batchId, tree.root(), 5, 2);

        assertThat(chain.headBlock() - anchored.blockNumber() + 1).isGreaterThanOrEqualTo(2);
        assertThat(anchored.gasUsed()).isPositive();
        EventAnchor anchor = EventAnchor.load(contract, bridgeKey.web3j(), bridgeKey.transactions(), bridgeKey.gas());
        for (int i = 0; i < 5; i++) {
            assertThat(anchor.verify(batchId, tree.leaf(i), tree.proof(i)).send()).isTrue();
        }
        assertThat(anchor.verify(batchId, tree.leaf(0), tree.proof(1)).send()).isFalse();
        assertThat(anchor.verify(Hash.sha3("other".getBytes()), tree.leaf(0), tree.proof(0)).send()).isFalse();
    }

    @Test
    void contractRefusesASecondAnchorOfTheSameBatchId() throws Exception {
        StandardMerkleTree tree = StandardMerkleTree.of(eventHashes("twice", 3));
        byte[] batchId = Hash.sha3("batch-twice".getBytes());
        EventAnchor anchor = EventAnchor.load(contract, bridgeKey.web3j(), bridgeKey.transactions(), bridgeKey.gas());
        anchor.anchor(batchId, tree.root(), BigInteger.valueOf(3)).send();

        assertThatThrownBy(() -> anchor.anchor(batchId, tree.root(), BigInteger.valueOf(3)).send())
                .isInstanceOf(TransactionException.class);
        assertThat(anchor.rootOf(batchId).send()).isEqualTo(tree.root());
    }

    @Test
    void reAnchoringTheSameBatchAfterACrashFindsTheFirstTransaction() throws Exception {
        StandardMerkleTree tree = StandardMerkleTree.of(eventHashes("replay", 4));
        byte[] batchId = Hash.sha3("batch-replay".getBytes());
        EvmAnchorChain chain = new EvmAnchorChain(bridgeKey, contract, Duration.ofSeconds(30));

        AnchorChain.Anchored first = chain.anchor(batchId, tree.root(), 4, 1);
        AnchorChain.Anchored replay = chain.anchor(batchId, tree.root(), 4, 1);

        assertThat(replay.txHash()).isEqualTo(first.txHash());
        assertThat(replay.blockNumber()).isEqualTo(first.blockNumber());
        byte[] otherRoot = StandardMerkleTree.of(eventHashes("forged", 4)).root();
        assertThatThrownBy(() -> chain.anchor(batchId, otherRoot, 4, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyWithoutTheAnchorRoleCannotAnchor() throws Exception {
        try (ChainSession stranger = session("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")) {
            EventAnchor anchor = EventAnchor.load(contract, stranger.web3j(), stranger.transactions(), stranger.gas());
            byte[] batchId = Hash.sha3("batch-stranger".getBytes());

            assertThatThrownBy(() -> anchor.anchor(batchId, Hash.sha3("root".getBytes()), BigInteger.ONE).send())
                    .isInstanceOf(TransactionException.class);
            assertThat(anchor.rootOf(batchId).send()).isEqualTo(new byte[32]);
        }
    }
}
