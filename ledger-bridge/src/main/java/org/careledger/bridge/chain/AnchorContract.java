package org.careledger.bridge.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.careledger.contracts.generated.EventAnchor;
import org.careledger.tx.Chain.Mined;
import org.careledger.tx.Chain;
import org.careledger.tx.Transactor;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The {@code EventAnchor} contract: the anchor call it takes (sent through {@link Transactor}) and
 * what it answers, read through the one {@link Chain} façade.
 */
public final class AnchorContract {

    /** The outbox's kind for anchoring work; an anchor's work id is its batch id. */
    public static final String KIND = "anchor";

    private static final byte[] ZERO = new byte[32];

    private final Chain chain;
    private final EventAnchor contract;

    public AnchorContract(Chain chain, String contractAddress) {
        this.chain = chain;
        this.contract = EventAnchor.load(contractAddress, chain.session().web3j(), chain.session().transactions(), chain.session().gas());
    }

    public Chain chain() {
        return chain;
    }

    public long chainId() {
        return chain.chainId();
    }

    public String contractAddress() {
        return contract.getContractAddress();
    }

    /** The head block as seen at most a second ago (see {@link Chain#recentHeadBlock()}). */
    public long recentHeadBlock() throws IOException {
        return chain.recentHeadBlock();
    }

    /** The root anchored for this batch id, or empty when none is. */
    public Optional<byte[]> rootOf(byte[] batchId) throws IOException {
        byte[] root = Chain.view(contract.rootOf(batchId)::send);
        return root == null || Arrays.equals(root, ZERO) ? Optional.empty() : Optional.of(root);
    }

    /** The transaction that emitted {@code BatchAnchored} for this batch id, if any. */
    public Optional<Mined> anchorLog(byte[] batchId) throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, contractAddress())
                .addSingleTopic(EventEncoder.encode(EventAnchor.BATCHANCHORED_EVENT))
                .addSingleTopic(Numeric.toHexString(batchId));
        List<Log> logs = chain.logs(filter);
        return logs.isEmpty() ? Optional.empty() : chain.receipt(logs.get(0).getTransactionHash());
    }

    /** The call that anchors one batch: its id, Merkle root and event count, nothing else. */
    public Transactor.Call anchorCall(String batchIdHex, byte[] root, long eventCount) {
        String calldata = contract.anchor(Numeric.hexStringToByteArray(batchIdHex), root, BigInteger.valueOf(eventCount)).encodeFunctionCall();
        return new Transactor.Call(KIND, batchIdHex, contractAddress(), calldata);
    }
}
