package org.careledger.contracts;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.careledger.contracts.generated.ClaimSettlement;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The leaf the ledger bridge anchors for a claim event beside the event itself, in the same batch:
 * {@code keccak256(abi.encode(CLAIM_LEAF_TAG, eventHash, claimDigest))}, where the digest covers the
 * claim id, provider, policy, member, service date and every line. {@code ClaimSettlement} recomputes
 * the same leaf from the fields it is asked to pay, so a claim paired with other values than the ones
 * anchored is refused ({@code ClaimDoesNotMatchAnchor}).
 */
public final class ClaimLeaf {

    /** {@code ClaimSettlement.CLAIM_LEAF_TAG}. */
    public static final byte[] TAG = Hash.sha3("careledger.claim.v1".getBytes(StandardCharsets.US_ASCII));

    private ClaimLeaf() {
    }

    /** {@code ClaimSettlement.claimDigest}: keccak256 of the ABI encoding of the adjudicated fields. */
    public static byte[] digest(ClaimSettlement.Claim c) {
        List<Type> fields = List.of(new Bytes32(c.claimId), new Bytes32(c.provider), new Bytes32(c.policyId), new Bytes32(c.member),
                new Uint64(c.serviceDate), new DynamicArray<>(ClaimSettlement.Line.class, c.lines));
        return Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(fields)));
    }

    /** {@code ClaimSettlement.claimLeaf}: the value anchored in the claim event's batch. */
    public static byte[] value(byte[] eventHash, byte[] digest) {
        byte[] packed = new byte[96];
        System.arraycopy(TAG, 0, packed, 0, 32);
        System.arraycopy(eventHash, 0, packed, 32, 32);
        System.arraycopy(digest, 0, packed, 64, 32);
        return Hash.sha3(packed);
    }

    public static byte[] value(ClaimSettlement.Claim c) {
        return value(c.eventHash, digest(c));
    }
}
