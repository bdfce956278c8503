package org.careledger.bridge.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.careledger.bridge.merkle.StandardMerkleTree;
import org.careledger.devstack.testing.AnvilAndPostgres;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.EventAnchor;
import org.careledger.devstack.AnvilNode;
import org.web3j.crypto.Hash;

/**
 * The contract's {@code verify} against our tree on a real anvil node, for random trees: it accepts
 * every event hash with its proof in an anchored batch, and refuses a changed hash, a proof from
 * another position and the right proof under an unanchored batch id.
 */
class EventAnchorVerifyPropertyTest {

    private static EventAnchor anchor;

    private static synchronized EventAnchor anchor() throws Exception {
        if (anchor == null) {
            AnvilAndPostgres.start();
            String contract = AnvilAndPostgres.deployAnchor(AnvilNode.BRIDGE_KEY);
            ChainSession session = AnvilAndPostgres.session(AnvilAndPostgres.rpcUrl(), AnvilNode.BRIDGE_KEY);
            anchor = EventAnchor.load(contract, session.web3j(), session.transactions(), session.gas());
        }
        return anchor;
    }

    @Property(tries = 12)
    void contractAcceptsEveryProofOfAnAnchoredTreeAndNothingElse(@ForAll @Size(min = 1, max = 300) List<@Size(32) byte[]> values,
                                                                 @ForAll @IntRange(min = 0, max = 299) int pick) throws Exception {
        EventAnchor contract = anchor();
        StandardMerkleTree tree = StandardMerkleTree.of(values);
        byte[] batchId = Hash.sha3(tree.root());
        if (java.util.Arrays.equals(contract.rootOf(batchId).send(), new byte[32])) {
            contract.anchor(batchId, tree.root(), BigInteger.valueOf(values.size())).send();
        }
        int i = pick % values.size();

        for (int k = 0; k < values.size(); k++) {
            assertThat(contract.verify(batchId, values.get(k), tree.proof(k)).send()).as("proof %d of %d", k, values.size()).isTrue();
        }
        byte[] changed = values.get(i).clone();
        changed[31] ^= 1;
        assertThat(contract.verify(batchId, changed, tree.proof(i)).send()).isFalse();
        assertThat(contract.verify(Hash.sha3(batchId), values.get(i), tree.proof(i)).send()).isFalse();
        if (values.size() > 1) {
            int other = (i + 1) % values.size();
            boolean sameValue = java.util.Arrays.equals(values.get(i), values.get(other));
            assertThat(contract.verify(batchId, values.get(i), tree.proof(other)).send()).isEqualTo(sameValue);
        }
    }
}
