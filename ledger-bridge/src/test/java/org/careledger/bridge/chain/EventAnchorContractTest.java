package org.careledger.bridge.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.careledger.bridge.merkle.StandardMerkleTree;
import org.careledger.devstack.testing.AnvilAndPostgres;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.EventAnchor;
import org.careledger.devstack.AnvilNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.exceptions.TransactionException;

/** EventAnchor against a real anvil node: verification, write-once anchors, the anchoring role. */
class EventAnchorContractTest {

    private static ChainSession bridgeKey;
    private static String contract;

    @BeforeAll
    static void deploy() throws Exception {
        AnvilAndPostgres.start();
        contract = AnvilAndPostgres.deployAnchor(AnvilNode.BRIDGE_KEY);
        bridgeKey = session(AnvilNode.BRIDGE_KEY);
    }

    @AfterAll
    static void close() {
        bridgeKey.close();
    }

    private static ChainSession session(String key) {
        return AnvilAndPostgres.session(AnvilAndPostgres.rpcUrl(), key);
    }

    private static EventAnchor anchorContract() {
        return EventAnchor.load(contract, bridgeKey.web3j(), bridgeKey.transactions(), bridgeKey.gas());
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
        List<byte[]> hashes = eventHashes("verify", 5);
        StandardMerkleTree tree = StandardMerkleTree.of(hashes);
        byte[] batchId = Hash.sha3("batch-verify".getBytes());
        EventAnchor anchor = anchorContract();

        assertThat(anchor.anchor(batchId, tree.root(), BigInteger.valueOf(5)).send().isStatusOK()).isTrue();

        for (int i = 0; i < 5; i++) {
            assertThat(anchor.verify(batchId, hashes.get(i), tree.proof(i)).send()).isTrue();
        }
        assertThat(anchor.verify(batchId, hashes.get(0), tree.proof(1)).send()).isFalse();
        assertThat(anchor.verify(Hash.sha3("other".getBytes()), hashes.get(0), tree.proof(0)).send()).isFalse();
    }

    @Test
    void innerNodeOfTheTreeCannotBePassedOffAsAnEvent() throws Exception {
        StandardMerkleTree tree = StandardMerkleTree.of(eventHashes("second-preimage", 4));
        byte[] batchId = Hash.sha3("batch-second-preimage".getBytes());
        EventAnchor anchor = anchorContract();
        anchor.anchor(batchId, tree.root(), BigInteger.valueOf(4)).send();
        // the node above leaves 0 and 1, with the rest of leaf 0's path: a valid path to the root, but
        // for a 64-byte preimage, not for an event
        List<byte[]> path = tree.proof(0);
        byte[] inner = StandardMerkleTree.processProof(tree.leaf(0), path.subList(0, 1));

        assertThat(StandardMerkleTree.processProof(inner, path.subList(1, path.size()))).isEqualTo(tree.root());
        assertThat(anchor.verify(batchId, inner, path.subList(1, path.size())).send()).isFalse();
        assertThat(anchor.verify(batchId, tree.root(), List.of()).send()).isFalse();
    }

    @Test
    void contractRefusesASecondAnchorOfTheSameBatchId() throws Exception {
        StandardMerkleTree tree = StandardMerkleTree.of(eventHashes("twice", 3));
        byte[] batchId = Hash.sha3("batch-twice".getBytes());
        EventAnchor anchor = anchorContract();
        anchor.anchor(batchId, tree.root(), BigInteger.valueOf(3)).send();

        assertThatThrownBy(() -> anchor.anchor(batchId, tree.root(), BigInteger.valueOf(3)).send())
                .isInstanceOf(TransactionException.class);
        assertThat(anchor.rootOf(batchId).send()).isEqualTo(tree.root());
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
