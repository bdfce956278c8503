package org.careledger.bridge.claims;

import org.careledger.devstack.testing.ClaimsChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.careledger.devstack.testing.ClaimsChain.line;

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
import org.careledger.bridge.merkle.StandardMerkleTree;
import org.careledger.contracts.ClaimLeaf;
import org.careledger.contracts.generated.ClaimSettlement;
import org.web3j.utils.Numeric;

/**
 * Claims bound to what was anchored: one batch anchors the claim leaves of random claims, as the
 * bridge does; then for a random claim and a random change to one of its fields, settlement (simulated
 * with eth_call, so nothing is spent) succeeds for the claim as anchored and fails for the changed one.
 */
class ClaimBindingProperties {

    private static final long DAY = 20_400;
    private static final byte[] MEMBER = ClaimsChain.id("pt-binding");
    private static final List<String> CODES = List.of("99213", "80053", "71045", "85025");
    private static final int CLAIMS = 24;

    private static ClaimsChain chain;
    private static byte[] policy;
    private static byte[] otherPolicy;
    private static final List<ClaimSettlement.Claim> anchored = new ArrayList<>();
    private static final List<List<byte[]>> proofs = new ArrayList<>();

    @BeforeContainer
    static void anchorOneBatchOfClaims() throws Exception {
        chain = new ClaimsChain();
        policy = chain.policy("binding", 1_000_000, 0, CODES, List.of(500L, 500L, 500L, 500L), MEMBER, DAY - 10, DAY + 10);
        otherPolicy = chain.policy("binding-other", 1_000_000, 0, CODES, List.of(500L, 500L, 500L, 500L), MEMBER, DAY - 10, DAY + 10);
        chain.fund(1_000_000);
        byte[] batchId = ClaimsChain.id("batch:binding:" + chain.settlement.getContractAddress());
        java.util.Random random = new java.util.Random(7);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < CLAIMS; i++) {
            List<ClaimSettlement.Line> lines = new ArrayList<>();
            for (int l = 0, n = 1 + random.nextInt(4); l < n; l++) {
                lines.add(line(CODES.get(random.nextInt(CODES.size())), 1 + random.nextInt(400)));
            }
            ClaimSettlement.Claim claim = new ClaimSettlement.Claim(ClaimsChain.id("binding-" + i), chain.providerId, policy, MEMBER,
                    BigInteger.valueOf(DAY), batchId, ClaimsChain.id("event:binding-" + i), lines);
            anchored.add(claim);
            values.add(ClaimLeaf.value(claim));
        }
        StandardMerkleTree tree = StandardMerkleTree.of(values);
        for (int i = 0; i < CLAIMS; i++) {
            proofs.add(tree.proof(i));
        }
        chain.anchor.anchor(batchId, tree.root(), BigInteger.valueOf(CLAIMS)).send();
    }

    @AfterContainer
    static void close() {
        chain.close();
    }

    /** One field of a claim, changed. */
    enum Field { AMOUNT, CODE, EXTRA_LINE, DROPPED_LINE, POLICY, MEMBER, SERVICE_DATE, CLAIM_ID, EVENT_HASH, LINE_ORDER }

    record Tampering(int claim, Field field, int amount) {
    }

    @Provide
    Arbitrary<Tampering> tamperings() {
        return Combinators.combine(Arbitraries.integers().between(0, CLAIMS - 1), Arbitraries.of(Field.class),
                Arbitraries.integers().between(1, 1_000_000)).as(Tampering::new);
    }

    @Property(tries = 200)
    void onlyTheClaimAsAnchoredSettles(@ForAll("tamperings") Tampering t) throws Exception {
        ClaimSettlement.Claim genuine = anchored.get(t.claim());
        ClaimSettlement.Claim tampered = tamper(genuine, t);
        List<byte[]> proof = proofs.get(t.claim());

        assertThat(Numeric.toHexString(ClaimLeaf.value(tampered))).as("the change is a change").isNotEqualTo(Numeric.toHexString(ClaimLeaf.value(genuine)));
        assertThat(revert(genuine, proof)).as("the claim as anchored").isNull();
        assertThat(revert(tampered, proof)).as("changed %s", t.field()).isNotNull();
    }

    private static String revert(ClaimSettlement.Claim claim, List<byte[]> proof) throws Exception {
        return ClaimsChain.revertOf(chain.provider, chain.settlement.getContractAddress(), chain.as(chain.provider).submitClaim(claim, proof),
                "ClaimSettlementClaimDoesNotMatchAnchor(bytes32,bytes32)", "ClaimSettlementEventAlreadySettled(bytes32)", "ClaimSettlementAlreadySettled(bytes32)", "ClaimSettlementWrongProvider(bytes32)");
    }

    private static ClaimSettlement.Claim tamper(ClaimSettlement.Claim c, Tampering t) {
        List<ClaimSettlement.Line> lines = new ArrayList<>(c.lines);
        byte[] policyId = c.policyId;
        byte[] member = c.member;
        BigInteger day = c.serviceDate;
        byte[] claimId = c.claimId;
        byte[] eventHash = c.eventHash;
        int which = t.amount() % lines.size();
        switch (t.field()) {
            case AMOUNT -> lines.set(which, new ClaimSettlement.Line(lines.get(which).code, lines.get(which).billed.add(BigInteger.valueOf(t.amount()))));
            case CODE -> lines.set(which, new ClaimSettlement.Line(ClaimsChain.id("code-" + t.amount()), lines.get(which).billed));
            case EXTRA_LINE -> lines.add(line(CODES.get(t.amount() % CODES.size()), 1 + t.amount() % 400));
            case DROPPED_LINE -> {
                if (lines.size() > 1) {
                    lines.remove(which);
                } else {
                    lines.set(0, new ClaimSettlement.Line(lines.get(0).code, lines.get(0).billed.add(BigInteger.ONE)));
                }
            }
            case POLICY -> policyId = otherPolicy;
            case MEMBER -> member = ClaimsChain.id("pt-someone-" + t.amount());
            case SERVICE_DATE -> day = day.add(BigInteger.valueOf(1 + t.amount() % 5));
            case CLAIM_ID -> claimId = ClaimsChain.id("claim-" + t.amount());
            case EVENT_HASH -> eventHash = ClaimsChain.id("event:binding-" + ((t.claim() + 1 + t.amount() % (CLAIMS - 1)) % CLAIMS));
            case LINE_ORDER -> {
                if (lines.size() > 1 && !lines.get(0).code.equals(lines.get(lines.size() - 1).code)) {
                    java.util.Collections.swap(lines, 0, lines.size() - 1);
                } else {
                    lines.add(0, line("85025", 1 + t.amount() % 400));
                }
            }
            default -> throw new IllegalStateException();
        }
        return new ClaimSettlement.Claim(claimId, c.provider, policyId, member, day, c.anchorBatchId, eventHash, lines);
    }
}
