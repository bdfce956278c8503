package org.careledger.bridge.claims;

import org.careledger.devstack.testing.ClaimsChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.careledger.devstack.testing.ClaimsChain.usd;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.careledger.contracts.generated.ClaimSettlement;

/**
 * The adjudication arithmetic on chain, against random claims: never above allowed, never above the
 * claim cap, co-pay applied, the same result as a plain model of the rules; and with real payments:
 * never paid twice, the escrow never below zero.
 */
class AdjudicationProperties {

    private static final long DAY = 20_400;
    private static final byte[] MEMBER = ClaimsChain.id("pt-properties");
    private static final List<String> CODES = List.of("A", "B", "C", "D", "E", "UNKNOWN");
    private static final List<Long> ALLOWED_USD = List.of(120L, 40L, 60L, 1L, 0L);
    /** Policies as (cap in dollars, co-pay basis points): none, typical, all, a zero cap, a tiny cap. */
    private static final long[][] POLICIES = {{1_000_000, 0}, {1_000, 2_000}, {500, 10_000}, {0, 1_500}, {50, 333}};

    private static ClaimsChain chain;
    private static final List<byte[]> policyIds = new ArrayList<>();
    private static int claims;

    @BeforeContainer
    static void deploy() throws Exception {
        chain = new ClaimsChain();
        for (int i = 0; i < POLICIES.length; i++) {
            policyIds.add(chain.policy("policy-" + i, POLICIES[i][0], (int) POLICIES[i][1], CODES.subList(0, 5), ALLOWED_USD,
                    MEMBER, DAY - 10, DAY + 10));
        }
        chain.fund(2_000);
    }

    @AfterContainer
    static void close() {
        chain.close();
    }

    record Line(int code, BigInteger billed) {
    }

    @Provide
    Arbitrary<List<Line>> lines() {
        Arbitrary<BigInteger> billed = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, usd(300)),
                Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO.pow(128).subtract(BigInteger.ONE)));
        return Combinators.combine(Arbitraries.integers().between(0, CODES.size() - 1), billed).as(Line::new).list().ofMinSize(1).ofMaxSize(12);
    }

    private static List<ClaimSettlement.Line> onChain(List<Line> lines) {
        return lines.stream().map(l -> new ClaimSettlement.Line(ClaimsChain.id(CODES.get(l.code())), l.billed())).toList();
    }

    @Property(tries = 150)
    void neverPaysAboveAllowedOrTheCapAndMatchesTheRules(@ForAll("lines") List<Line> lines,
                                                        @ForAll("policyIndex") int policy) throws Exception {
        var result = chain.settlement.adjudicate(policyIds.get(policy), MEMBER, BigInteger.valueOf(DAY), onChain(lines)).send();
        BigInteger cap = usd(POLICIES[policy][0]);
        BigInteger copay = BigInteger.valueOf(POLICIES[policy][1]);
        BigInteger remaining = cap;
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            BigInteger allowed = line.code() < ALLOWED_USD.size() ? usd(ALLOWED_USD.get(line.code())) : BigInteger.ZERO;
            BigInteger base = line.billed().min(allowed);
            BigInteger expected = base.subtract(base.multiply(copay).divide(BigInteger.valueOf(10_000))).min(remaining);
            BigInteger paid = result.component2().get(i);
            assertThat(paid).as("line %d", i).isEqualTo(expected).isLessThanOrEqualTo(base);
            remaining = remaining.subtract(paid);
            total = total.add(paid);
        }
        assertThat(result.component1()).isEqualTo(total).isLessThanOrEqualTo(cap);
    }

    @Provide
    Arbitrary<Integer> policyIndex() {
        return Arbitraries.integers().between(0, POLICIES.length - 1);
    }

    @Property(tries = 12)
    void aSettledClaimIsNeverPaidAgainAndTheEscrowNeverGoesBelowZero(@ForAll("lines") List<Line> lines,
                                                                    @ForAll("policyIndex") int policy) throws Exception {
        ClaimSettlement.Claim claim = chain.anchoredClaim("property-" + (claims++), policyIds.get(policy), MEMBER, DAY, onChain(lines));
        BigInteger escrowBefore = chain.settlement.escrow(chain.payerId).send();
        BigInteger payoutBefore = chain.balanceOf(chain.providerPayout);
        BigInteger due = chain.settlement.adjudicate(claim.policyId, MEMBER, claim.serviceDate, claim.lines).send().component1();
        ClaimSettlement asProvider = chain.as(chain.provider);

        String refused = ClaimsChain.revertOf(chain.provider, chain.settlement.getContractAddress(), asProvider.submitClaim(claim, List.of()),
                "ClaimSettlementInsufficientEscrow(bytes32,uint256,uint256)");
        if (due.compareTo(escrowBefore) > 0) {
            assertThat(refused).isEqualTo("ClaimSettlementInsufficientEscrow");
            assertThat(chain.settlement.escrow(chain.payerId).send()).isEqualTo(escrowBefore);
            return;
        }
        asProvider.submitClaim(claim, List.of()).send();
        BigInteger escrowAfter = chain.settlement.escrow(chain.payerId).send();
        assertThat(escrowAfter).isEqualTo(escrowBefore.subtract(due)).isNotNegative();
        assertThat(chain.balanceOf(chain.providerPayout)).isEqualTo(payoutBefore.add(due));
        assertThat(ClaimsChain.revertOf(chain.provider, chain.settlement.getContractAddress(), asProvider.submitClaim(claim, List.of()),
                "ClaimSettlementAlreadySettled(bytes32)")).isEqualTo("ClaimSettlementAlreadySettled");
    }
}
