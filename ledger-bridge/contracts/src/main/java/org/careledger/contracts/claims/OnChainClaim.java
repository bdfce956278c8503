package org.careledger.contracts.claims;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.careledger.contracts.ClaimsDeployment;
import org.careledger.contracts.generated.ClaimSettlement;
import org.web3j.utils.Numeric;

/** A claim as {@code ClaimSettlement} sees it: one way to build it, for the leaf anchored and the claim submitted. */
public final class OnChainClaim {

    private OnChainClaim() {
    }

    /** The contract's Claim struct for a claim read from its event, anchored in {@code batchId} as {@code eventHash}. */
    public static ClaimSettlement.Claim of(String claimIdHex, String providerId, String payerId, String planCode, String member,
                                           long serviceDay, List<ClaimSubmission.Line> lines, byte[] batchId, byte[] eventHash) {
        List<ClaimSettlement.Line> onChain = lines.stream()
                .map(l -> new ClaimSettlement.Line(ClaimSubmission.id(l.code()), l.billed())).toList();
        return new ClaimSettlement.Claim(Numeric.hexStringToByteArray(claimIdHex), ClaimsDeployment.participantId(providerId),
                ClaimSubmission.id(ClaimSubmission.policyKey(payerId, planCode)), ClaimSubmission.id(member),
                BigInteger.valueOf(serviceDay), batchId, eventHash, new ArrayList<>(onChain));
    }

    public static ClaimSettlement.Claim of(ClaimSubmission s, byte[] batchId, byte[] eventHash) {
        return of(s.claimId(), s.providerId(), s.payerId(), s.planCode(), s.member(), s.serviceDay(), s.lines(), batchId, eventHash);
    }
}
