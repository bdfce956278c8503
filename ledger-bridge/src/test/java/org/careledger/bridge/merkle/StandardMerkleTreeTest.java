package org.careledger.bridge.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/**
 * Known answers from {@code @openzeppelin/merkle-tree} (ledger-bridge/contracts/script/merkle-vectors.js
 * wrote src/test/resources/merkle/oz-vectors.json) and properties over random trees.
 */
class StandardMerkleTreeTest {

    private static JsonNode vectors() throws Exception {
        try (InputStream in = StandardMerkleTreeTest.class.getResourceAsStream("/merkle/oz-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void rootsLeavesAndProofsMatchOpenZeppelinForEveryTreeSize() throws Exception {
        JsonNode trees = vectors().get("trees");
        assertThat(trees.size()).isGreaterThanOrEqualTo(10);
        for (JsonNode vector : trees) {
            List<byte[]> values = new ArrayList<>();
            vector.get("entries").forEach(e -> values.add(Numeric.hexStringToByteArray(e.get("eventHash").asText())));

            StandardMerkleTree tree = StandardMerkleTree.of(values);

            assertThat(Numeric.toHexString(tree.root())).as("root of %d leaves", values.size())
                    .isEqualTo(vector.get("root").asText());
            for (int i = 0; i < values.size(); i++) {
                JsonNode entry = vector.get("entries").get(i);
                assertThat(Numeric.toHexString(tree.leaf(i))).isEqualTo(entry.get("leaf").asText());
                List<String> expected = new ArrayList<>();
                entry.get("proof").forEach(p -> expected.add(p.asText()));
                assertThat(tree.proof(i).stream().map(Numeric::toHexString).toList())
                        .as("proof of leaf %d of %d", i, values.size()).isEqualTo(expected);
            }
        }
    }

    @Property(tries = 200)
    void everyProofLeadsToTheRoot(@ForAll @Size(min = 1, max = 70) List<@Size(32) byte[]> values) {
        StandardMerkleTree tree = StandardMerkleTree.of(values);
        for (int i = 0; i < values.size(); i++) {
            assertThat(StandardMerkleTree.processProof(tree.leaf(i), tree.proof(i))).isEqualTo(tree.root());
        }
    }

    @Property(tries = 200)
    void aChangedEventHashDoesNotProve(@ForAll @Size(min = 2, max = 70) List<@Size(32) byte[]> values) {
        StandardMerkleTree tree = StandardMerkleTree.of(values);
        byte[] forged = values.get(0).clone();
        forged[31] ^= 1;

        assertThat(StandardMerkleTree.processProof(StandardMerkleTree.leafHash(forged), tree.proof(0))).isNotEqualTo(tree.root());
    }
}
