package org.careledger.devstack.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.careledger.contracts.ChainSession;
import org.careledger.contracts.ClaimLeaf;
import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.contracts.generated.EventAnchor;
import org.careledger.contracts.generated.ParticipantRegistry;
import org.careledger.contracts.generated.TestStablecoin;
import org.careledger.devstack.AnvilNode;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.utils.Numeric;

/**
 * A settlement deployment on the shared anvil for one test: registry, stablecoin (6 decimals), anchor
 * and ClaimSettlement, a payer (anvil account 4) with a funded escrow and a policy, and a provider
 * (anvil account 5). Claims are anchored as one-leaf batches of their claim leaf, so their proof is empty.
 */
public final class ClaimsChain implements AutoCloseable {

    public static final String PAYER_KEY = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";
    public static final String PROVIDER_KEY = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
    public static final String STRANGER_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
    public static final BigInteger PROVIDER = BigInteger.valueOf(1);
    public static final BigInteger PAYER = BigInteger.valueOf(2);
    public static final BigInteger USD = BigInteger.valueOf(1_000_000);

    public final ChainSession admin;
    public final ChainSession payer;
    public final ChainSession provider;
    public final ParticipantRegistry registry;
    public final TestStablecoin token;
    public final EventAnchor anchor;
    public final ClaimSettlement settlement;
    public final byte[] payerId = id("payer-bcbs");
    public final byte[] providerId = id("provider-st-marys");
    public final String providerPayout;
    private int anchored;

    public ClaimsChain() throws Exception {
        AnvilAndPostgres.start();
        admin = session(AnvilNode.DEPLOYER_KEY);
        payer = session(PAYER_KEY);
        provider = session(PROVIDER_KEY);
        registry = ParticipantRegistry.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address()).send();
        token = TestStablecoin.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address()).send();
        String anchorAddress = AnvilAndPostgres.deployAnchor(AnvilNode.DEPLOYER_KEY);
        anchor = EventAnchor.load(anchorAddress, admin.web3j(), admin.transactions(), admin.gas());
        settlement = ClaimSettlement.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address(),
                token.getContractAddress(), registry.getContractAddress(), anchorAddress).send();
        // a fresh payout address per deployment, so the provider's balance starts at zero
        providerPayout = "0x" + org.web3j.crypto.Keys.getAddress(org.web3j.crypto.Keys.createEcKeyPair());
        registry.register(providerId, PROVIDER, providerPayout).send();
        registry.addKey(providerId, provider.address()).send();
        registry.register(payerId, PAYER, payer.address()).send();
        registry.addKey(payerId, payer.address()).send();
        token.mint(payer.address(), USD.multiply(BigInteger.valueOf(1_000_000))).send();
    }

    public static byte[] id(String text) {
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }

    public static ChainSession session(String key) {
        return AnvilAndPostgres.session(AnvilAndPostgres.rpcUrl(), key);
    }

    public ClaimSettlement as(ChainSession who) {
        return ClaimSettlement.load(settlement.getContractAddress(), who.web3j(), who.transactions(), who.gas());
    }

    public TestStablecoin tokenAs(ChainSession who) {
        return TestStablecoin.load(token.getContractAddress(), who.web3j(), who.transactions(), who.gas());
    }

    /** Registers a policy with the given cap and co-pay, allowed amounts per code, and covers the member. */
    public byte[] policy(String name, long capUsd, int copayBps, List<String> codes, List<Long> allowedUsd, byte[] member,
                  long validFromDay, long validUntilDay) throws Exception {
        byte[] policyId = id(name);
        ClaimSettlement asPayer = as(payer);
        asPayer.registerPolicy(policyId, usd(capUsd), BigInteger.valueOf(copayBps)).send();
        List<byte[]> codeIds = codes.stream().map(ClaimsChain::id).toList();
        asPayer.setAllowedAmounts(policyId, codeIds, allowedUsd.stream().map(ClaimsChain::usd).toList()).send();
        asPayer.setMemberCoverage(policyId, List.of(member), List.of(BigInteger.valueOf(validFromDay)),
                List.of(BigInteger.valueOf(validUntilDay))).send();
        return policyId;
    }

    public void fund(long usd) throws Exception {
        tokenAs(payer).approve(settlement.getContractAddress(), usd(usd)).send();
        as(payer).fund(usd(usd)).send();
    }

    public static BigInteger usd(long whole) {
        return BigInteger.valueOf(whole).multiply(USD);
    }

    /** Anchors the claim's event hash as a one-event batch: its proof is then empty. */
    public ClaimSettlement.Claim anchoredClaim(String claimName, byte[] policyId, byte[] member, long serviceDay,
                                        List<ClaimSettlement.Line> lines) throws Exception {
        byte[] eventHash = id("event:" + claimName + ":" + settlement.getContractAddress());
        byte[] batchId = id("batch:" + claimName + ":" + (anchored++) + ":" + settlement.getContractAddress());
        ClaimSettlement.Claim claim = new ClaimSettlement.Claim(id(claimName), providerId, policyId, member, BigInteger.valueOf(serviceDay),
                batchId, eventHash, new ArrayList<>(lines));
        // a one-leaf batch of the claim's leaf, as the bridge anchors it beside the event: the root is the
        // standard tree's leaf hash, keccak256(keccak256(value)), and the proof is empty
        anchor.anchor(batchId, Hash.sha3(Hash.sha3(ClaimLeaf.value(claim))), BigInteger.ONE).send();
        return claim;
    }

    public static ClaimSettlement.Line line(String code, long billedUsd) {
        return new ClaimSettlement.Line(id(code), usd(billedUsd));
    }

    public BigInteger balanceOf(String address) throws Exception {
        return token.balanceOf(address).send();
    }

    /**
     * The custom error a call would revert with, by name, found by simulating it with eth_call from
     * {@code who}; null when it would succeed.
     */
    public static String revertOf(ChainSession who, String contract, RemoteFunctionCall<?> call, String... errorSignatures) throws Exception {
        EthCall result = who.web3j().ethCall(Transaction.createEthCallTransaction(who.address(), contract, call.encodeFunctionCall()),
                DefaultBlockParameterName.LATEST).send();
        if (!result.isReverted() && !result.hasError()) {
            return null;
        }
        String data = result.hasError() && result.getError().getData() != null ? result.getError().getData().replace("\"", "")
                : result.getRevertReason();
        for (String signature : errorSignatures) {
            String selector = Numeric.toHexString(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII))).substring(0, 10);
            if (data != null && data.startsWith(selector)) {
                return signature.substring(0, signature.indexOf('('));
            }
        }
        return "unknown revert " + data;
    }

    @Override
    public void close() {
        admin.close();
        payer.close();
        provider.close();
    }
}
