package org.careledger.bridge.claims;

import org.careledger.devstack.testing.ClaimsChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.careledger.devstack.testing.ClaimsChain.line;
import static org.careledger.devstack.testing.ClaimsChain.usd;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.bridge.testing.contracts.ReentrantToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/** ClaimSettlement on a real anvil node: adjudication, payment from escrow, and BAD-INPUTS 48's contract items. */
class ClaimSettlementContractTest {

    private static final long DAY = 20_400; // 2025-11-09 as unix days
    private static final byte[] MEMBER = ClaimsChain.id("pt-0123456789abcdef0123456789abcdef");
    private static final String[] ERRORS = {"ClaimSettlementAlreadySettled(bytes32)", "EnforcedPause()", "ParticipantRegistryNotAnActiveParticipant(address,uint8)",
            "ClaimSettlementWrongProvider(bytes32)", "ClaimSettlementClaimDoesNotMatchAnchor(bytes32,bytes32)", "ClaimSettlementEventAlreadySettled(bytes32)", "ClaimSettlementInsufficientEscrow(bytes32,uint256,uint256)",
            "ClaimSettlementTooMany(uint256,uint256)", "ClaimSettlementNoLines()", "ClaimSettlementUnknownPolicy(bytes32)", "ClaimSettlementNotYourPolicy(bytes32)", "ClaimSettlementInvalidCopay(uint16)",
            "ClaimSettlementPayerInactive(bytes32)", "AccessControlUnauthorizedAccount(address,bytes32)",
            "ClaimSettlementLengthMismatch()", "ClaimSettlementInvalidPeriod()", "ClaimSettlementZeroValue()"};

    private ClaimsChain chain;
    private byte[] policy;

    @BeforeEach
    void deploy() throws Exception {
        chain = new ClaimsChain();
        // CPT 99213 up to $120, 80053 up to $40, 71045 up to $60; 20% co-pay; at most $1,000 per claim
        policy = chain.policy("gold", 1_000, 2_000, List.of("99213", "80053", "71045", "85025", "36415"),
                List.of(120L, 40L, 60L, 25L, 10L), MEMBER, DAY - 100, DAY + 100);
        chain.fund(10_000);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private ClaimSettlement.Claim claim(String name, ClaimSettlement.Line... lines) throws Exception {
        return chain.anchoredClaim(name, policy, MEMBER, DAY, List.of(lines));
    }

    private String revert(ChainSession who, ClaimSettlement.Claim claim) throws Exception {
        return ClaimsChain.revertOf(who, chain.settlement.getContractAddress(),
                chain.as(who).submitClaim(claim, Collections.emptyList()), ERRORS);
    }

    @Test
    void aFiveLineClaimIsPaidLineByLineFromEscrowInOneTransaction() throws Exception {
        ClaimSettlement.Claim claim = claim("five-lines", line("99213", 100), line("80053", 40), line("71045", 50),
                line("85025", 20), line("36415", 10));
        TransactionReceipt receipt = chain.as(chain.provider).submitClaim(claim, List.of()).send();

        BigInteger expected = usd(220).multiply(BigInteger.valueOf(8)).divide(BigInteger.TEN); // 80% of $220
        assertThat(chain.balanceOf(chain.providerPayout)).isEqualTo(expected);
        assertThat(chain.settlement.escrow(chain.payerId).send()).isEqualTo(usd(10_000).subtract(expected));
        var settled = ClaimSettlement.getClaimSettledEvents(receipt);
        assertThat(settled).hasSize(1);
        assertThat(settled.get(0).paid).isEqualTo(expected);
        assertThat(settled.get(0).linePaid).containsExactly(usd(80), usd(32), usd(40), usd(16), usd(8));
        assertThat(settled.get(0).lineOutcomes).containsOnly(BigInteger.ZERO);
        assertThat(settled.get(0).anchorBatchId).isEqualTo(claim.anchorBatchId);
        assertThat(settled.get(0).eventHash).isEqualTo(claim.eventHash);
        System.out.printf("gas for a 5-line claim: %d%n", receipt.getGasUsed());
        // 147,843 before claims were bound to their anchor; the settle-once-per-event slot is one more SSTORE (22,100)
        assertThat(receipt.getGasUsed()).isLessThan(BigInteger.valueOf(175_000));
    }

    @Test
    void aBatchOfClaimsIsPaidWithOneTransferAndOneRefusedClaimRevertsTheWholeBatch() throws Exception {
        ClaimSettlement.Claim first = claim("batch-1", line("99213", 100));
        ClaimSettlement.Claim second = claim("batch-2", line("80053", 40), line("71045", 50));
        ClaimSettlement.Claim third = claim("batch-3", line("99999", 10));
        List<BigInteger> noProofs = List.of(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
        TransactionReceipt receipt = chain.as(chain.provider).submitClaims(List.of(first, second, third), List.of(), noProofs).send();

        assertThat(ClaimSettlement.getClaimSettledEvents(receipt)).hasSize(2);
        assertThat(ClaimSettlement.getClaimDeniedEvents(receipt)).hasSize(1);
        assertThat(chain.balanceOf(chain.providerPayout)).isEqualTo(usd(152)); // 80% of 100 + 40 + 50
        long transfers = receipt.getLogs().stream().filter(log -> log.getAddress().equalsIgnoreCase(chain.token.getContractAddress())).count();
        assertThat(transfers).as("one token transfer for the whole batch").isEqualTo(1);

        ClaimSettlement.Claim fourth = claim("batch-4", line("99213", 100));
        assertThat(ClaimsChain.revertOf(chain.provider, chain.settlement.getContractAddress(),
                chain.as(chain.provider).submitClaims(List.of(fourth, first), List.of(), List.of(BigInteger.ZERO, BigInteger.ZERO)), ERRORS))
                .isEqualTo("ClaimSettlementAlreadySettled");
        assertThat(chain.settlement.settlementOf(fourth.claimId).send().component1()).isZero();
    }

    @Test
    void uncoveredCodesAndAmountsAboveAllowedSettlePartially() throws Exception {
        TransactionReceipt receipt = chain.as(chain.provider).submitClaim(
                claim("partial", line("99213", 200), line("99999", 50), line("80053", 0)), List.of()).send();

        var partial = ClaimSettlement.getClaimPartiallySettledEvents(receipt);
        assertThat(partial).hasSize(1);
        assertThat(partial.get(0).linePaid).containsExactly(usd(96), BigInteger.ZERO, BigInteger.ZERO);
        // reduced to allowed, code not covered, zero amount
        assertThat(partial.get(0).lineOutcomes).containsExactly(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3));
        assertThat(chain.settlement.settlementOf(ClaimsChain.id("partial")).send().component1()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void aMemberWithoutCoverageOrWithExpiredCoverageIsDeniedAndNothingMoves() throws Exception {
        ClaimSettlement.Claim stranger = chain.anchoredClaim("not-covered", policy, ClaimsChain.id("pt-somebody-else"), DAY,
                List.of(line("99213", 100)));
        ClaimSettlement.Claim expired = chain.anchoredClaim("expired", policy, MEMBER, DAY + 101, List.of(line("99213", 100)));

        var denied = ClaimSettlement.getClaimDeniedEvents(chain.as(chain.provider).submitClaim(stranger, List.of()).send());
        var late = ClaimSettlement.getClaimDeniedEvents(chain.as(chain.provider).submitClaim(expired, List.of()).send());

        assertThat(denied.get(0).lineOutcomes).containsExactly(BigInteger.valueOf(4));
        assertThat(late.get(0).lineOutcomes).containsExactly(BigInteger.valueOf(5));
        assertThat(chain.balanceOf(chain.providerPayout)).isZero();
        assertThat(chain.settlement.escrow(chain.payerId).send()).isEqualTo(usd(10_000));
    }

    @Test
    void thePerClaimCapLimitsThePaymentAndLaterLinesGetNothing() throws Exception {
        List<ClaimSettlement.Line> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add(line("99213", 120)); // 96 each after co-pay
        }
        var event = ClaimSettlement.getClaimPartiallySettledEvents(chain.as(chain.provider)
                .submitClaim(chain.anchoredClaim("capped", policy, MEMBER, DAY, lines), List.of()).send()).get(0);

        assertThat(event.paid).isEqualTo(usd(1_000));
        assertThat(event.linePaid.get(10)).isEqualTo(usd(40)); // 10 x 96 = 960, then 40 of the 11th
        assertThat(event.lineOutcomes.get(10)).isEqualTo(BigInteger.ONE);
        assertThat(event.lineOutcomes.get(11)).isEqualTo(BigInteger.valueOf(6));
    }

    @Test
    void aClaimIdIsSettledOnceOnly() throws Exception {
        ClaimSettlement.Claim claim = claim("once", line("99213", 100));
        chain.as(chain.provider).submitClaim(claim, List.of()).send();

        assertThat(revert(chain.provider, claim)).isEqualTo("ClaimSettlementAlreadySettled");
        assertThatThrownBy(() -> chain.as(chain.provider).submitClaim(claim, List.of()).send()).isInstanceOf(TransactionException.class);
        assertThat(chain.balanceOf(chain.providerPayout)).isEqualTo(usd(80));
    }

    @Test
    void anUnanchoredClaimIsRefused() throws Exception {
        ClaimSettlement.Claim anchored = claim("anchored", line("99213", 100));
        ClaimSettlement.Claim forged = new ClaimSettlement.Claim(ClaimsChain.id("forged"), anchored.provider, anchored.policyId,
                anchored.member, anchored.serviceDate, anchored.anchorBatchId, ClaimsChain.id("another event"), anchored.lines);

        assertThat(revert(chain.provider, forged)).isEqualTo("ClaimSettlementClaimDoesNotMatchAnchor");
    }

    /** The anchored claim with its fields replaced: what a submitter holding a real anchored event might try. */
    private static ClaimSettlement.Claim with(ClaimSettlement.Claim c, byte[] policyId, List<ClaimSettlement.Line> lines) {
        return new ClaimSettlement.Claim(c.claimId, c.provider, policyId, c.member, c.serviceDate, c.anchorBatchId, c.eventHash,
                new ArrayList<>(lines));
    }

    @Test
    void aRealAnchoredEventPairedWithADoubledAmountIsRefused() throws Exception {
        ClaimSettlement.Claim anchored = claim("doubled", line("99213", 50), line("80053", 20));

        ClaimSettlement.Claim doubled = with(anchored, anchored.policyId, List.of(line("99213", 100), line("80053", 20)));

        assertThat(revert(chain.provider, doubled)).isEqualTo("ClaimSettlementClaimDoesNotMatchAnchor");
        assertThat(revert(chain.provider, anchored)).as("the claim as anchored is paid").isNull();
    }

    @Test
    void aRealAnchoredEventPairedWithAnotherPayersPolicyIsRefused() throws Exception {
        ClaimSettlement.Claim anchored = claim("swapped-payer", line("99213", 50));
        byte[] otherPolicy = chain.policy("silver", 1_000, 0, List.of("99213"), List.of(500L), MEMBER, DAY - 100, DAY + 100);

        assertThat(revert(chain.provider, with(anchored, otherPolicy, anchored.lines))).isEqualTo("ClaimSettlementClaimDoesNotMatchAnchor");
    }

    @Test
    void aRealAnchoredEventWithAnExtraLineIsRefused() throws Exception {
        ClaimSettlement.Claim anchored = claim("extra-line", line("99213", 50));
        List<ClaimSettlement.Line> more = new ArrayList<>(anchored.lines);
        more.add(line("71045", 60));

        assertThat(revert(chain.provider, with(anchored, anchored.policyId, more))).isEqualTo("ClaimSettlementClaimDoesNotMatchAnchor");
    }

    @Test
    void oneAnchoredEventSettlesOnceEvenUnderAnotherClaimId() throws Exception {
        ClaimSettlement.Claim first = claim("event-once", line("99213", 50));
        chain.as(chain.provider).submitClaim(first, List.of()).send();
        // the same event anchored again as a second claim id (a leaf the bridge would never write twice)
        ClaimSettlement.Claim again = new ClaimSettlement.Claim(ClaimsChain.id("event-once-again"), first.provider, first.policyId,
                first.member, first.serviceDate, ClaimsChain.id("batch:event-once-again"), first.eventHash, first.lines);
        chain.anchor.anchor(again.anchorBatchId, org.careledger.bridge.merkle.StandardMerkleTree.leafHash(
                org.careledger.contracts.ClaimLeaf.value(again)), BigInteger.ONE).send();

        assertThat(revert(chain.provider, again)).isEqualTo("ClaimSettlementEventAlreadySettled");
    }

    @Test
    void theContractsClaimLeafIsTheOneTheBridgeAnchors() throws Exception {
        ClaimSettlement.Claim claim = claim("leaf-parity", line("99213", 50), line("80053", 20), line("71045", 1));

        assertThat(chain.settlement.claimDigest(claim).send()).isEqualTo(org.careledger.contracts.ClaimLeaf.digest(claim));
        assertThat(chain.settlement.claimLeaf(claim).send()).isEqualTo(org.careledger.contracts.ClaimLeaf.value(claim));
    }

    @Test
    void onlyARegisteredProviderKeyMaySubmitAndOnlyForItself() throws Exception {
        ClaimSettlement.Claim claim = claim("roles", line("99213", 100));
        try (ChainSession stranger = ClaimsChain.session(ClaimsChain.STRANGER_KEY)) {
            assertThat(revert(stranger, claim)).isEqualTo("ParticipantRegistryNotAnActiveParticipant");
        }
        assertThat(revert(chain.payer, claim)).as("a payer's key is not a provider's").isEqualTo("ParticipantRegistryNotAnActiveParticipant");
        ClaimSettlement.Claim forAnother = new ClaimSettlement.Claim(ClaimsChain.id("roles-2"), ClaimsChain.id("another provider"),
                claim.policyId, claim.member, claim.serviceDate, claim.anchorBatchId, claim.eventHash, claim.lines);
        assertThat(revert(chain.provider, forAnother)).isEqualTo("ClaimSettlementWrongProvider");
        assertThat(ClaimsChain.revertOf(chain.provider, chain.settlement.getContractAddress(),
                chain.as(chain.provider).pause(), ERRORS)).isEqualTo("AccessControlUnauthorizedAccount");
    }

    @Test
    void whilePausedNoClaimSettlesAndAfterwardsItDoes() throws Exception {
        ClaimSettlement.Claim claim = claim("paused", line("99213", 100));
        chain.settlement.pause().send();
        assertThat(revert(chain.provider, claim)).isEqualTo("EnforcedPause");
        chain.settlement.unpause().send();
        assertThat(revert(chain.provider, claim)).isNull();
    }

    @Test
    void anEscrowTooSmallLeavesTheClaimPendingUntilThePayerTopsUp() throws Exception {
        byte[] thin = chain.policy("thin", 1_000, 0, List.of("99213"), List.of(120L), MEMBER, DAY - 1, DAY + 1);
        chain.as(chain.payer).withdraw(usd(10_000)).send();
        ClaimSettlement.Claim claim = chain.anchoredClaim("pending", thin, MEMBER, DAY, List.of(line("99213", 100)));

        assertThat(revert(chain.provider, claim)).isEqualTo("ClaimSettlementInsufficientEscrow");
        assertThat(chain.settlement.settlementOf(claim.claimId).send().component1()).isZero();
        chain.fund(100);
        chain.as(chain.provider).submitClaim(claim, List.of()).send();
        assertThat(chain.balanceOf(chain.providerPayout)).isEqualTo(usd(100));
        assertThat(chain.settlement.escrow(chain.payerId).send()).isZero();
    }

    @Test
    void edgeValuesAndUnboundedArraysAreRefusedOrCapped() throws Exception {
        BigInteger maxBilled = BigInteger.TWO.pow(128).subtract(BigInteger.ONE);
        ClaimSettlement.Claim huge = chain.anchoredClaim("huge", policy, MEMBER, DAY,
                List.of(new ClaimSettlement.Line(ClaimsChain.id("99213"), maxBilled)));
        var event = ClaimSettlement.getClaimPartiallySettledEvents(chain.as(chain.provider).submitClaim(huge, List.of()).send());
        assertThat(event.get(0).paid).as("min(billed, allowed) less co-pay").isEqualTo(usd(96));

        List<ClaimSettlement.Line> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(line("99213", 1));
        }
        assertThat(revert(chain.provider, chain.anchoredClaim("too-many", policy, MEMBER, DAY, tooMany))).isEqualTo("ClaimSettlementTooMany");
        assertThat(revert(chain.provider, chain.anchoredClaim("no-lines", policy, MEMBER, DAY, List.of()))).isEqualTo("ClaimSettlementNoLines");
        assertThat(ClaimsChain.revertOf(chain.payer, chain.settlement.getContractAddress(),
                chain.as(chain.payer).registerPolicy(ClaimsChain.id("bad-copay"), usd(1), BigInteger.valueOf(10_001)), ERRORS))
                .isEqualTo("ClaimSettlementInvalidCopay");
        List<byte[]> codes = new ArrayList<>();
        List<BigInteger> amounts = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            codes.add(ClaimsChain.id("code" + i));
            amounts.add(BigInteger.ONE);
        }
        assertThat(ClaimsChain.revertOf(chain.payer, chain.settlement.getContractAddress(),
                chain.as(chain.payer).setAllowedAmounts(policy, codes, amounts), ERRORS)).isEqualTo("ClaimSettlementTooMany");
    }

    @Test
    void arraysThatDoNotPairUpAnEmptyPeriodAndAZeroFundingAreRefusedByName() throws Exception {
        String at = chain.settlement.getContractAddress();
        assertThat(ClaimsChain.revertOf(chain.payer, at, chain.as(chain.payer).setAllowedAmounts(policy,
                List.of(ClaimsChain.id("99213")), List.of()), ERRORS)).isEqualTo("ClaimSettlementLengthMismatch");
        assertThat(ClaimsChain.revertOf(chain.payer, at, chain.as(chain.payer).setMemberCoverage(policy, List.of(MEMBER),
                List.of(BigInteger.valueOf(DAY + 1)), List.of(BigInteger.valueOf(DAY))), ERRORS)).isEqualTo("ClaimSettlementInvalidPeriod");
        assertThat(ClaimsChain.revertOf(chain.payer, at, chain.as(chain.payer).fund(BigInteger.ZERO), ERRORS))
                .isEqualTo("ClaimSettlementZeroValue");
        ClaimSettlement.Claim claim = claim("proofs-mismatch", line("99213", 10));
        assertThat(ClaimsChain.revertOf(chain.provider, at, chain.as(chain.provider).submitClaims(List.of(claim), List.of(),
                List.of()), ERRORS)).isEqualTo("ClaimSettlementLengthMismatch");
    }

    @Test
    void aPayeeThatCallsBackDuringPaymentCannotBeSettledTwice() throws Exception {
        ReentrantToken hostile = ReentrantToken.deploy(chain.admin.web3j(), chain.admin.transactions(), chain.admin.gas()).send();
        ClaimSettlement settlement = ClaimSettlement.deploy(chain.admin.web3j(), chain.admin.transactions(), chain.admin.gas(),
                chain.admin.address(), hostile.getContractAddress(), chain.registry.getContractAddress(),
                chain.anchor.getContractAddress()).send();
        ClaimSettlement asPayer = ClaimSettlement.load(settlement.getContractAddress(), chain.payer.web3j(), chain.payer.transactions(),
                chain.payer.gas());
        byte[] hostilePolicy = ClaimsChain.id("hostile");
        asPayer.registerPolicy(hostilePolicy, usd(1_000), BigInteger.ZERO).send();
        asPayer.setAllowedAmounts(hostilePolicy, List.of(ClaimsChain.id("99213")), List.of(usd(120))).send();
        asPayer.setMemberCoverage(hostilePolicy, List.of(MEMBER), List.of(BigInteger.valueOf(DAY - 1)), List.of(BigInteger.valueOf(DAY + 1))).send();
        hostile.mint(chain.payer.address(), usd(1_000)).send();
        ReentrantToken.load(hostile.getContractAddress(), chain.payer.web3j(), chain.payer.transactions(), chain.payer.gas())
                .approve(settlement.getContractAddress(), usd(1_000)).send();
        asPayer.fund(usd(1_000)).send();

        ClaimSettlement.Claim claim = chain.anchoredClaim("reentrant", hostilePolicy, MEMBER, DAY, List.of(line("99213", 100)));
        ClaimSettlement asProvider = ClaimSettlement.load(settlement.getContractAddress(), chain.provider.web3j(),
                chain.provider.transactions(), chain.provider.gas());
        // when paid, the token calls submitClaim for the same claim again
        hostile.arm(settlement.getContractAddress(), chain.providerPayout, org.web3j.utils.Numeric.hexStringToByteArray(
                asProvider.submitClaim(claim, List.of()).encodeFunctionCall())).send();
        asProvider.submitClaim(claim, List.of()).send();

        assertThat(hostile.attempted().send()).isTrue();
        assertThat(hostile.reentered().send()).as("the call back into submitClaim got through").isFalse();
        assertThat(hostile.balanceOf(chain.providerPayout).send()).isEqualTo(usd(100));
        assertThat(settlement.escrow(chain.payerId).send()).isEqualTo(usd(900));
    }

    @Test
    void aReplayedSignedTransactionIsNotSettledAgain() throws Exception {
        ClaimSettlement.Claim claim = claim("replay", line("99213", 100));
        ChainSession provider = chain.provider;
        BigInteger nonce = provider.web3j().ethGetTransactionCount(provider.address(),
                org.web3j.protocol.core.DefaultBlockParameterName.PENDING).send().getTransactionCount();
        var fees = provider.fees();
        var raw = org.web3j.crypto.RawTransaction.createTransaction(provider.chainId(), nonce, BigInteger.valueOf(300_000),
                chain.settlement.getContractAddress(), BigInteger.ZERO, chain.as(provider).submitClaim(claim, List.of()).encodeFunctionCall(),
                fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        String signed = org.web3j.utils.Numeric.toHexString(provider.sign(raw));

        String hash = provider.web3j().ethSendRawTransaction(signed).send().getTransactionHash();
        for (int i = 0; i < 300 && provider.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt().isEmpty(); i++) {
            Thread.sleep(100);
        }
        var replay = provider.web3j().ethSendRawTransaction(signed).send();

        // the same signed bytes cannot be mined twice (the nonce is spent); a new transaction for the same
        // claim is refused by the contract; the chain id inside every signature keeps it off other chains
        assertThat(replay.hasError()).isTrue();
        assertThat(revert(provider, claim)).isEqualTo("ClaimSettlementAlreadySettled");
        assertThat(chain.balanceOf(chain.providerPayout)).isEqualTo(usd(80));
    }
}
