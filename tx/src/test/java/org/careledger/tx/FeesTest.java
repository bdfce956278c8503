package org.careledger.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Optional;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.careledger.contracts.ChainSession.FeeCaps;
import org.junit.jupiter.api.Test;

class FeesTest {

    private static final FeeCaps CAPS = FeeCaps.gwei(100, 2, 200_000);
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    @Test
    void firstAttemptLeavesRoomForThreeReplacementsUnderTheCaps() {
        Fees first = Fees.forBaseFee(GWEI.multiply(BigInteger.valueOf(80)), GWEI.multiply(BigInteger.valueOf(5)), CAPS);

        Optional<Fees> third = first.bumped(CAPS).flatMap(f -> f.bumped(CAPS)).flatMap(f -> f.bumped(CAPS));

        assertThat(third).isPresent();
        assertThat(third.get().maxPriorityFeePerGas()).isLessThanOrEqualTo(CAPS.maxPriorityFeePerGas());
        assertThat(third.get().bumped(CAPS)).isEmpty();
    }

    @Property
    void everyReplacementRaisesBothFeesByAtLeastTenPercentAndNeverPassesACap(
            @ForAll @LongRange(min = 1, max = 200_000_000_000L) long baseFee, @ForAll @LongRange(min = 0, max = 10_000_000_000L) long tip) {
        Fees fees = Fees.forBaseFee(BigInteger.valueOf(baseFee), BigInteger.valueOf(tip), CAPS);
        for (Optional<Fees> next = fees.bumped(CAPS); next.isPresent(); next = fees.bumped(CAPS)) {
            assertThat(next.get().maxFeePerGas().multiply(BigInteger.TEN)).isGreaterThanOrEqualTo(fees.maxFeePerGas().multiply(BigInteger.valueOf(11)));
            assertThat(next.get().maxPriorityFeePerGas().multiply(BigInteger.TEN))
                    .isGreaterThanOrEqualTo(fees.maxPriorityFeePerGas().multiply(BigInteger.valueOf(11)));
            assertThat(next.get().maxFeePerGas()).isLessThanOrEqualTo(CAPS.maxFeePerGas());
            assertThat(next.get().maxPriorityFeePerGas()).isLessThanOrEqualTo(CAPS.maxPriorityFeePerGas());
            fees = next.get();
        }
        assertThat(fees.maxPriorityFeePerGas()).isLessThanOrEqualTo(fees.maxFeePerGas());
    }
}
