package org.careledger.bridge.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.web3j.crypto.Hash;

/**
 * OpenZeppelin's {@code StandardMerkleTree} for leaf values of type {@code [bytes32]}: each leaf is
 * {@code keccak256(keccak256(abi.encode(value)))}, leaves are sorted, the tree is a flat array with the
 * root at index 0, and inner nodes hash their two children in sorted order. Roots and proofs are the
 * ones {@code @openzeppelin/merkle-tree} computes and {@code MerkleProof.verify} accepts.
 */
public final class StandardMerkleTree {

    private final byte[][] tree;
    private final int[] treeIndexOfValue;

    private StandardMerkleTree(byte[][] tree, int[] treeIndexOfValue) {
        this.tree = tree;
        this.treeIndexOfValue = treeIndexOfValue;
    }

    /** Builds the tree over {@code values} (each 32 bytes), keeping their order for {@link #proof}. */
    public static StandardMerkleTree of(List<byte[]> values) {
        int n = values.size();
        if (n == 0) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        List<Integer> order = new ArrayList<>(n);
        byte[][] leaves = new byte[n][];
        for (int i = 0; i < n; i++) {
            leaves[i] = leafHash(values.get(i));
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> leaves[i], Arrays::compareUnsigned));

        byte[][] tree = new byte[2 * n - 1][];
        int[] treeIndexOfValue = new int[n];
        for (int position = 0; position < n; position++) {
            int treeIndex = tree.length - 1 - position;
            tree[treeIndex] = leaves[order.get(position)];
            treeIndexOfValue[order.get(position)] = treeIndex;
        }
        for (int i = tree.length - 1 - n; i >= 0; i--) {
            tree[i] = hashPair(tree[2 * i + 1], tree[2 * i + 2]);
        }
        return new StandardMerkleTree(tree, treeIndexOfValue);
    }

    public static byte[] leafHash(byte[] value) {
        if (value.length != 32) {
            throw new IllegalArgumentException("leaf values are bytes32");
        }
        return Hash.sha3(Hash.sha3(value));
    }

    static byte[] hashPair(byte[] a, byte[] b) {
        byte[] joined = new byte[64];
        boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
        System.arraycopy(aFirst ? a : b, 0, joined, 0, 32);
        System.arraycopy(aFirst ? b : a, 0, joined, 32, 32);
        return Hash.sha3(joined);
    }

    public byte[] root() {
        return tree[0].clone();
    }

    public byte[] leaf(int valueIndex) {
        return tree[treeIndexOfValue[valueIndex]].clone();
    }

    /** Sibling hashes from the leaf of value {@code valueIndex} up to the root. */
    public List<byte[]> proof(int valueIndex) {
        List<byte[]> proof = new ArrayList<>();
        int i = treeIndexOfValue[valueIndex];
        while (i > 0) {
            int sibling = (i % 2 == 1) ? i + 1 : i - 1;
            proof.add(tree[sibling].clone());
            i = (i - 1) / 2;
        }
        return proof;
    }

    /** Recomputes the root from a leaf and its proof, as {@code MerkleProof.processProof} does. */
    public static byte[] processProof(byte[] leaf, List<byte[]> proof) {
        byte[] node = leaf;
        for (byte[] sibling : proof) {
            node = hashPair(node, sibling);
        }
        return node;
    }
}
