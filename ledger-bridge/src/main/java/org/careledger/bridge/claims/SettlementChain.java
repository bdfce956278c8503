package org.careledger.bridge.claims;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.careledger.bridge.chain.ChainRefusal;
import org.careledger.bridge.chain.EvmAnchorChain.Broadcast;
import org.careledger.bridge.chain.EvmAnchorChain.Mined;
import org.careledger.bridge.chain.EvmAnchorChain.Signed;
import org.careledger.bridge.chain.Fees;
import org.careledger.bridge.chain.RevertReasons;
import org.careledger.bridge.chain.Rpc;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.ClaimsDeployment;
import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.contracts.generated.ParticipantRegistry;
import org.careledger.contracts.generated.TestStablecoin;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * {@code ClaimSettlement} as one provider's signing key sees it: simulate a submission to learn the
 * contract's answer, sign a submission (sent by the caller after storing it), and read the
 * settlement events. Every RPC failure is an {@link IOException}.
 */
public final class SettlementChain {

    private static final String SETTLED = EventEncoder.encode(ClaimSettlement.CLAIMSETTLED_EVENT);
    private static final String PARTIAL = EventEncoder.encode(ClaimSettlement.CLAIMPARTIALLYSETTLED_EVENT);
    private static final String DENIED = EventEncoder.encode(ClaimSettlement.CLAIMDENIED_EVENT);

    private final ChainSession session;
    private final Web3j web3j;
    private final ClaimSettlement contract;
    private final String providerId;
    private ParticipantRegistry registry;
    private Integer decimals;

    public SettlementChain(ChainSession session, String settlementAddress, String providerId) {
        this.session = session;
        this.web3j = session.web3j();
        this.contract = ClaimSettlement.load(settlementAddress, web3j, session.transactions(), session.gas());
        this.providerId = providerId;
    }

    /** The participant the signing key submits for. */
    public String providerId() {
        return providerId;
    }

    public String sender() {
        return session.address();
    }

    public String address() {
        return contract.getContractAddress();
    }

    public int tokenDecimals() throws IOException {
        if (decimals == null) {
            decimals = tokenDecimals(session, contract);
        }
        return decimals;
    }

    /** The decimals of the escrow token of a {@code ClaimSettlement}, read through any session (a view call). */
    static int tokenDecimals(ChainSession session, String settlementAddress) throws IOException {
        return tokenDecimals(session, ClaimSettlement.load(settlementAddress, session.web3j(), session.transactions(), session.gas()));
    }

    private static int tokenDecimals(ChainSession session, ClaimSettlement contract) throws IOException {
        String token = view(contract.token()::send);
        return view(TestStablecoin.load(token, session.web3j(), session.transactions(), session.gas()).decimals()::send).intValueExact();
    }

    /** Whether the registry has this participant active in this role ({@link ClaimsDeployment#PAYER} ...). */
    public boolean isActive(String participantId, BigInteger kind) throws IOException {
        if (registry == null) {
            registry = ParticipantRegistry.load(view(contract.registry()::send), web3j, session.transactions(), session.gas());
        }
        return view(registry.isActive(ClaimsDeployment.participantId(participantId), kind)::send);
    }

    /** The contract's custom error for this submission (by name), or empty when it would go through. */
    public Optional<String> simulate(String calldata) throws IOException {
        EthCall result = Rpc.call(web3j.ethCall(Transaction.createEthCallTransaction(sender(), address(), calldata),
                DefaultBlockParameterName.LATEST));
        if (!result.isReverted() && !result.hasError()) {
            return Optional.empty();
        }
        String data = result.hasError() ? result.getError().getData() : result.getValue();
        if (result.hasError() && !String.valueOf(result.getError().getMessage()).toLowerCase(Locale.ROOT).contains("revert")) {
            throw new IOException("eth_call failed: " + result.getError().getCode() + " " + result.getError().getMessage());
        }
        return Optional.of(RevertReasons.name(data));
    }

    public BigInteger estimate(String calldata) throws IOException, ChainRefusal {
        EthEstimateGas estimate = Rpc.call(web3j.ethEstimateGas(Transaction.createEthCallTransaction(sender(), address(), calldata)));
        if (estimate.hasError()) {
            if (String.valueOf(estimate.getError().getMessage()).toLowerCase(Locale.ROOT).contains("revert")) {
                throw new ChainRefusal(RevertReasons.name(estimate.getError().getData()));
            }
            throw new IOException("eth_estimateGas failed: " + estimate.getError().getCode() + " " + estimate.getError().getMessage());
        }
        return estimate.getAmountUsed();
    }

    public String submitOne(ClaimSettlement.Claim claim, List<byte[]> proof) {
        return contract.submitClaim(claim, proof).encodeFunctionCall();
    }

    /** Several claims in one transaction; their proofs flattened, as {@code submitClaims} takes them. */
    public String submitMany(List<ClaimSettlement.Claim> claims, List<List<byte[]>> proofs) {
        List<byte[]> nodes = new ArrayList<>();
        List<BigInteger> lengths = new ArrayList<>();
        for (List<byte[]> proof : proofs) {
            nodes.addAll(proof);
            lengths.add(BigInteger.valueOf(proof.size()));
        }
        return contract.submitClaims(claims, nodes, lengths).encodeFunctionCall();
    }

    public Signed sign(long nonce, Fees fees, BigInteger gasLimit, String calldata) {
        RawTransaction tx = RawTransaction.createTransaction(session.chainId(), BigInteger.valueOf(nonce), gasLimit, address(),
                BigInteger.ZERO, calldata, fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        byte[] signed = session.sign(tx);
        return new Signed(Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed));
    }

    public Fees currentFees() throws IOException {
        return Rpc.currentFees(web3j, session.fees());
    }

    public ChainSession.FeeCaps caps() {
        return session.fees();
    }

    /** The key's next nonce, counting its transactions still in the pool (this key has one sender: this bridge). */
    public long pendingNonce() throws IOException {
        return Rpc.send(web3j.ethGetTransactionCount(sender(), DefaultBlockParameterName.PENDING)).getTransactionCount().longValueExact();
    }

    public Broadcast broadcast(String rawTx) throws IOException {
        return Rpc.broadcast(web3j, rawTx);
    }

    public Optional<Mined> receipt(String txHash) throws IOException {
        return Rpc.receipt(web3j, txHash);
    }

    public boolean knows(String txHash) throws IOException {
        return Rpc.knows(web3j, txHash);
    }

    public long headBlock() throws IOException {
        return Rpc.headBlock(web3j);
    }

    /** The decisions the contract logged in blocks {@code from} to {@code to}, in chain order. */
    public List<ClaimStore.Settlement> decisions(long from, long to) throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), address());
        filter.addOptionalTopics(SETTLED, PARTIAL, DENIED);
        List<ClaimStore.Settlement> out = new ArrayList<>();
        for (EthLog.LogResult<?> result : Rpc.send(web3j.ethGetLogs(filter)).getLogs()) {
            Log log = (Log) result.get();
            String topic = log.getTopics().get(0);
            if (topic.equals(DENIED)) {
                var e = ClaimSettlement.getClaimDeniedEventFromLog(log);
                out.add(new ClaimStore.Settlement(hex(e.claimId), ClaimStore.DENIED, BigInteger.ZERO,
                        e.lineOutcomes.stream().map(o -> BigInteger.ZERO).toList(), ints(e.lineOutcomes), hex(e.anchorBatchId),
                        hex(e.eventHash), log.getTransactionHash(), log.getBlockNumber().longValueExact()));
            } else {
                var e = topic.equals(SETTLED) ? settled(log) : partial(log);
                out.add(new ClaimStore.Settlement(hex(e.claimId), topic.equals(SETTLED) ? ClaimStore.SETTLED : ClaimStore.PARTIALLY_SETTLED, e.paid,
                        e.linePaid, ints(e.lineOutcomes), hex(e.anchorBatchId), hex(e.eventHash), log.getTransactionHash(),
                        log.getBlockNumber().longValueExact()));
            }
        }
        return out;
    }

    private static ClaimSettlement.ClaimSettledEventResponse settled(Log log) {
        return ClaimSettlement.getClaimSettledEventFromLog(log);
    }

    /** The partial event has the settled event's fields; one shape keeps the reader short. */
    private static ClaimSettlement.ClaimSettledEventResponse partial(Log log) {
        var p = ClaimSettlement.getClaimPartiallySettledEventFromLog(log);
        var e = new ClaimSettlement.ClaimSettledEventResponse();
        e.claimId = p.claimId;
        e.paid = p.paid;
        e.linePaid = p.linePaid;
        e.lineOutcomes = p.lineOutcomes;
        e.anchorBatchId = p.anchorBatchId;
        e.eventHash = p.eventHash;
        return e;
    }

    private static List<Integer> ints(List<BigInteger> values) {
        return values.stream().map(BigInteger::intValueExact).toList();
    }

    private static String hex(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }

    private interface Call<T> {
        T send() throws Exception;
    }

    private static <T> T view(Call<T> call) throws IOException {
        try {
            return call.send();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("contract call failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
