package org.careledger.tx;

import java.math.BigInteger;
import java.util.Optional;

import org.careledger.contracts.ChainSession.FeeCaps;

/** EIP-1559 fees of one transaction attempt, in wei. */
public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {

    /** Nodes (geth, Besu, anvil) accept a replacement only if both fees rise by at least 10%; we use 12.5%. */
    private static final BigInteger BUMP_NUMERATOR = BigInteger.valueOf(9);
    private static final BigInteger BUMP_DENOMINATOR = BigInteger.valueOf(8);

    /**
     * Room for the base fee to double before the transaction stops being includable, the way wallets
     * price: maxFee = 2 × baseFee + tip. A first attempt stays at or below 70% of each cap
     * (1/1.125³), so a stuck transaction can be replaced three times before it reaches the caps.
     */
    public static Fees forBaseFee(BigInteger baseFee, BigInteger suggestedTip, FeeCaps caps) {
        BigInteger tip = suggestedTip.min(firstAttemptShare(caps.maxPriorityFeePerGas()));
        BigInteger maxFee = baseFee.shiftLeft(1).add(tip).min(firstAttemptShare(caps.maxFeePerGas()));
        return new Fees(maxFee, tip.min(maxFee));
    }

    /**
     * The fees of a replacement with the same nonce: both raised by 12.5% (at least 1 wei) and held
     * under the caps, or empty when a cap leaves less than the 10% rise nodes require.
     */
    public Optional<Fees> bumped(FeeCaps caps) {
        BigInteger fee = scaleUp(maxFeePerGas, BUMP_NUMERATOR, BUMP_DENOMINATOR).min(caps.maxFeePerGas());
        BigInteger tip = scaleUp(maxPriorityFeePerGas, BUMP_NUMERATOR, BUMP_DENOMINATOR).min(caps.maxPriorityFeePerGas());
        if (fee.compareTo(scaleUp(maxFeePerGas, ELEVEN, TEN)) < 0 || tip.compareTo(scaleUp(maxPriorityFeePerGas, ELEVEN, TEN)) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Fees(fee, tip));
    }

    private static final BigInteger ELEVEN = BigInteger.valueOf(11);
    private static final BigInteger TEN = BigInteger.TEN;

    private static BigInteger firstAttemptShare(BigInteger cap) {
        return cap.multiply(BUMP_DENOMINATOR.pow(3)).divide(BUMP_NUMERATOR.pow(3));
    }

    /** value × numerator / denominator, rounded up, and at least value + 1. */
    private static BigInteger scaleUp(BigInteger value, BigInteger numerator, BigInteger denominator) {
        BigInteger[] qr = value.multiply(numerator).divideAndRemainder(denominator);
        BigInteger up = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return up.max(value.add(BigInteger.ONE));
    }
}
