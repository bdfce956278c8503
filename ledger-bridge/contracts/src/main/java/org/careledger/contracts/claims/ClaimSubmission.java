package org.careledger.contracts.claims;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A {@code claim.submitted} event as the settlement contract needs it. Every id goes on chain as
 * keccak256 of its text: the claim's pseudonymous identifier, the member's public ID, participant
 * ids, the policy ({@code <payer>/<plan>}) and the procedure code.
 */
public record ClaimSubmission(String eventId, String claimKey, String member, String providerId, String payerId,
                              String planCode, long serviceDay, String currency, String claimType, List<Line> lines) {

    /** One line: its procedure code and the billed amount in the token's minor units. */
    public record Line(String code, BigInteger billed) {
    }

    public String claimId() {
        return hashId(claimKey);
    }

    public String policyKey() {
        return policyKey(payerId, planCode);
    }

    public BigInteger billed() {
        return lines.stream().map(Line::billed).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** The policy a payer registers for one of its plans: {@code <payer participant id>/<plan code>}. */
    public static String policyKey(String payerId, String planCode) {
        return payerId + "/" + planCode;
    }

    public static byte[] id(String text) {
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String hashId(String text) {
        return Numeric.toHexString(id(text));
    }
}
