package org.careledger.contracts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.contracts.generated.ParticipantRegistry;
import org.careledger.contracts.generated.TestStablecoin;
import org.web3j.crypto.Hash;

/**
 * Deploys the settlement side of a dev chain: {@code ParticipantRegistry}, a 6-decimal test
 * stablecoin and {@code ClaimSettlement} bound to an anchor, registers providers with their signing
 * keys, and onboards payers with a plan and a funded escrow.
 */
public final class ClaimsDeployment {

    /** {@code ParticipantRegistry.Kind.Provider}. */
    public static final BigInteger PROVIDER = BigInteger.ONE;
    /** {@code ParticipantRegistry.Kind.Payer}. */
    public static final BigInteger PAYER = BigInteger.TWO;

    private ClaimsDeployment() {
    }

    /** The addresses of one settlement deployment. */
    public record Contracts(String registry, String token, String settlement) {
    }

    public static Contracts deploy(ChainSession admin, String anchorAddress, String providerId, String providerKeyAddress)
            throws Exception {
        ParticipantRegistry registry = ParticipantRegistry.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address())
                .send();
        TestStablecoin token = TestStablecoin.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address()).send();
        ClaimSettlement settlement = ClaimSettlement.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address(),
                token.getContractAddress(), registry.getContractAddress(), anchorAddress).send();
        Contracts contracts = new Contracts(registry.getContractAddress(), token.getContractAddress(), settlement.getContractAddress());
        registerProvider(admin, contracts, providerId, providerKeyAddress);
        return contracts;
    }

    /** The decimals of the escrow token of a {@code ClaimSettlement}: two view calls through any session. */
    public static int tokenDecimals(ChainSession session, String settlementAddress) throws Exception {
        String token = ClaimSettlement.load(settlementAddress, session.web3j(), session.transactions(), session.gas()).token().send();
        return TestStablecoin.load(token, session.web3j(), session.transactions(), session.gas()).decimals().send().intValueExact();
    }

    /** Registers a provider whose payout address is its signing key's. */
    public static void registerProvider(ChainSession admin, Contracts c, String providerId, String keyAddress) throws Exception {
        ParticipantRegistry registry = ParticipantRegistry.load(c.registry(), admin.web3j(), admin.transactions(), admin.gas());
        registry.register(participantId(providerId), PROVIDER, keyAddress).send();
        registry.addKey(participantId(providerId), keyAddress).send();
    }

    /**
     * Registers a payer and its plan, 200 (token units) allowed for CPT 99223 and 60 for 80053, no
     * co-pay, 10,000 per claim, and funds its escrow with {@code escrow} test tokens minted for it.
     * Members are covered later, by the public IDs the hub gives them.
     */
    public static void onboardPayer(ChainSession admin, ChainSession payer, Contracts c, String payerId, String plan, long escrow)
            throws Exception {
        ParticipantRegistry registry = ParticipantRegistry.load(c.registry(), admin.web3j(), admin.transactions(), admin.gas());
        registry.register(participantId(payerId), PAYER, payer.address()).send();
        registry.addKey(participantId(payerId), payer.address()).send();
        TestStablecoin.load(c.token(), admin.web3j(), admin.transactions(), admin.gas()).mint(payer.address(), units(escrow)).send();
        TestStablecoin.load(c.token(), payer.web3j(), payer.transactions(), payer.gas()).approve(c.settlement(), units(escrow)).send();
        ClaimSettlement asPayer = ClaimSettlement.load(c.settlement(), payer.web3j(), payer.transactions(), payer.gas());
        asPayer.fund(units(escrow)).send();
        byte[] policy = policyId(payerId, plan);
        asPayer.registerPolicy(policy, units(10_000), BigInteger.ZERO).send();
        asPayer.setAllowedAmounts(policy, java.util.List.of(participantId("99223"), participantId("80053")),
                java.util.List.of(units(200), units(60))).send();
    }

    /** Covers members (public IDs) under a payer's plan for the given unix days. */
    public static void cover(ChainSession payer, String settlement, String payerId, String plan, java.util.List<String> members,
                             long fromDay, long untilDay) throws Exception {
        ClaimSettlement asPayer = ClaimSettlement.load(settlement, payer.web3j(), payer.transactions(), payer.gas());
        asPayer.setMemberCoverage(policyId(payerId, plan), members.stream().map(ClaimsDeployment::participantId).toList(),
                members.stream().map(m -> BigInteger.valueOf(fromDay)).toList(),
                members.stream().map(m -> BigInteger.valueOf(untilDay)).toList()).send();
    }

    /** A policy's id: keccak256 of "payer/plan", as the hub derives it from a claim's insurance. */
    public static byte[] policyId(String payerId, String plan) {
        return participantId(payerId + "/" + plan);
    }

    /** Whole units of the 6-decimal test token, in minor units. */
    private static BigInteger units(long whole) {
        return BigInteger.valueOf(whole).multiply(BigInteger.valueOf(1_000_000));
    }

    /** A participant's id in the registry: keccak256 of its CareLedger participant id (UTF-8). */
    public static byte[] participantId(String id) {
        return Hash.sha3(id.getBytes(StandardCharsets.UTF_8));
    }
}
