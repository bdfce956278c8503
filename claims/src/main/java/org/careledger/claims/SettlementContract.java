package org.careledger.claims;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.careledger.contracts.ChainSession;
import org.careledger.contracts.ClaimsDeployment;
import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.contracts.generated.ParticipantRegistry;
import org.careledger.tx.Chain;
import org.careledger.tx.Transactor;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The {@code ClaimSettlement} contract: the submissions it takes (sent through a provider's
 * {@link Transactor}), the registry it checks, and the settlement events it logs, read through the
 * one {@link Chain} façade. Reading needs no provider key.
 */
public final class SettlementContract {

    /** The outbox's kind for claim submissions; a submission's work id is its first transaction's hash. */
    public static final String KIND = "claims";

    private static final String SETTLED = EventEncoder.encode(ClaimSettlement.CLAIMSETTLED_EVENT);
    private static final String PARTIAL = EventEncoder.encode(ClaimSettlement.CLAIMPARTIALLYSETTLED_EVENT);
    private static final String DENIED = EventEncoder.encode(ClaimSettlement.CLAIMDENIED_EVENT);

    private final Chain chain;
    private final ClaimSettlement contract;
    private ParticipantRegistry registry;
    private Integer decimals;

    public SettlementContract(Chain chain, String settlementAddress) {
        this.chain = chain;
        this.contract = load(chain.session(), settlementAddress);
    }

    public String address() {
        return contract.getContractAddress();
    }

    public long headBlock() throws IOException {
        return chain.headBlock();
    }

    public int tokenDecimals() throws IOException {
        if (decimals == null) {
            decimals = Chain.view(() -> ClaimsDeployment.tokenDecimals(chain.session(), address()));
        }
        return decimals;
    }

    private static ClaimSettlement load(ChainSession session, String address) {
        return ClaimSettlement.load(address, session.web3j(), session.transactions(), session.gas());
    }

    /** Whether the registry has this participant active in this role ({@link ClaimsDeployment#PAYER} ...). */
    public boolean isActive(String participantId, BigInteger kind) throws IOException {
        if (registry == null) {
            ChainSession s = chain.session();
            registry = ParticipantRegistry.load(Chain.view(contract.registry()::send), s.web3j(), s.transactions(), s.gas());
        }
        return Chain.view(registry.isActive(ClaimsDeployment.participantId(participantId), kind)::send);
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

    /** A new submission of this calldata: known by its first transaction's hash. */
    public Transactor.Call submission(String calldata) {
        return new Transactor.Call(KIND, null, address(), calldata);
    }

    /** The decisions the contract logged in blocks {@code from} to {@code to}, in chain order. */
    public List<ClaimStore.Settlement> decisions(long from, long to) throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), address());
        filter.addOptionalTopics(SETTLED, PARTIAL, DENIED);
        List<ClaimStore.Settlement> out = new ArrayList<>();
        for (Log log : chain.logs(filter)) {
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
}
