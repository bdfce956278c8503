package org.careledger.bridge.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.EventAnchor;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The {@code EventAnchor} contract on an EVM chain, one JSON-RPC call per method. Transactions are
 * built and signed here but sent by the caller, so it can store each signed transaction before it
 * leaves the process. Every RPC failure (node down, HTTP error, garbage) surfaces as an
 * {@link IOException}; a revert while estimating surfaces as a {@link ChainRefusal}.
 */
public final class EvmAnchorChain {

    private static final byte[] ZERO = new byte[32];
    private static final long RECENT_HEAD_NANOS = 1_000_000_000L;

    private final ChainSession session;
    private final Web3j web3j;
    private final EventAnchor contract;
    private volatile long[] recentHead;

    public EvmAnchorChain(ChainSession session, String contractAddress) {
        this.session = session;
        this.web3j = session.web3j();
        this.contract = EventAnchor.load(contractAddress, web3j, session.transactions(), session.gas());
    }

    public long chainId() {
        return session.chainId();
    }

    public String contractAddress() {
        return contract.getContractAddress();
    }

    public String sender() {
        return session.address();
    }

    public ChainSession.FeeCaps caps() {
        return session.fees();
    }

    public long headBlock() throws IOException {
        long head = Rpc.headBlock(web3j);
        recentHead = new long[] {head, System.nanoTime()};
        return head;
    }

    /**
     * The head block as seen at most a second ago: enough for the confirmations shown with a proof,
     * without a JSON-RPC round trip per look-up.
     */
    public long recentHeadBlock() throws IOException {
        long[] seen = recentHead;
        if (seen != null && System.nanoTime() - seen[1] < RECENT_HEAD_NANOS) {
            return seen[0];
        }
        return headBlock();
    }

    /** The root anchored for this batch id, or empty when none is. */
    public Optional<byte[]> rootOf(byte[] batchId) throws IOException {
        try {
            byte[] root = contract.rootOf(batchId).send();
            return root == null || Arrays.equals(root, ZERO) ? Optional.empty() : Optional.of(root);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("rootOf call failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The transaction that emitted {@code BatchAnchored} for this batch id, if any. */
    public Optional<Mined> anchorLog(byte[] batchId) throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, contractAddress())
                .addSingleTopic(EventEncoder.encode(EventAnchor.BATCHANCHORED_EVENT))
                .addSingleTopic(Numeric.toHexString(batchId));
        List<EthLog.LogResult> logs = send(web3j.ethGetLogs(filter)).getLogs();
        if (logs.isEmpty()) {
            return Optional.empty();
        }
        return receipt(((Log) logs.get(0).get()).getTransactionHash());
    }

    /** Gas the anchor call needs now, or the contract's reason for refusing it. */
    public BigInteger estimateAnchorGas(byte[] batchId, byte[] root, long eventCount) throws IOException, ChainRefusal {
        EthEstimateGas estimate = call(web3j.ethEstimateGas(Transaction.createEthCallTransaction(sender(), contractAddress(),
                anchorCalldata(batchId, root, eventCount))));
        if (estimate.hasError()) {
            Response.Error error = estimate.getError();
            if (error.getMessage() != null && error.getMessage().toLowerCase(Locale.ROOT).contains("revert")) {
                throw new ChainRefusal(RevertReasons.name(error.getData()));
            }
            throw new IOException("eth_estimateGas failed: " + error.getCode() + " " + error.getMessage());
        }
        return estimate.getAmountUsed();
    }

    /** Base fee of the latest block and the node's suggested tip, priced under the caps. */
    public Fees currentFees() throws IOException {
        return Rpc.currentFees(web3j, session.fees());
    }

    public Signed signAnchor(long nonce, Fees fees, BigInteger gasLimit, byte[] batchId, byte[] root, long eventCount) {
        RawTransaction tx = RawTransaction.createTransaction(chainId(), BigInteger.valueOf(nonce), gasLimit, contractAddress(),
                BigInteger.ZERO, anchorCalldata(batchId, root, eventCount), fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        byte[] signed = session.sign(tx);
        return new Signed(Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed));
    }

    /** Sends a signed transaction and classifies the node's answer; other errors are I/O failures. */
    public Broadcast broadcast(String rawTx) throws IOException {
        return Rpc.broadcast(web3j, rawTx);
    }

    public Optional<Mined> receipt(String txHash) throws IOException {
        return Rpc.receipt(web3j, txHash);
    }

    /** Whether the node has this transaction at all (mined or in its pool). */
    public boolean knows(String txHash) throws IOException {
        return Rpc.knows(web3j, txHash);
    }

    /** Transactions of the signing key that are mined. */
    public long minedNonce() throws IOException {
        return send(web3j.ethGetTransactionCount(sender(), DefaultBlockParameterName.LATEST)).getTransactionCount().longValueExact();
    }

    /** Transactions of the signing key that are mined or waiting in the node's pool. */
    public long pendingNonce() throws IOException {
        return send(web3j.ethGetTransactionCount(sender(), DefaultBlockParameterName.PENDING)).getTransactionCount().longValueExact();
    }

    private String anchorCalldata(byte[] batchId, byte[] root, long eventCount) {
        return contract.anchor(batchId, root, BigInteger.valueOf(eventCount)).encodeFunctionCall();
    }

    private static <T extends Response<?>> T call(Request<?, T> request) throws IOException {
        return Rpc.call(request);
    }

    private static <T extends Response<?>> T send(Request<?, T> request) throws IOException {
        return Rpc.send(request);
    }

    /** How the node took a signed transaction. */
    public enum Broadcast { ACCEPTED, ALREADY_KNOWN, NONCE_TOO_LOW, UNDERPRICED }

    /** A signed transaction: its hash (known before sending) and its raw bytes. */
    public record Signed(String txHash, String rawTx) {
    }

    /** A receipt: where the transaction landed and whether it succeeded. */
    public record Mined(String txHash, long blockNumber, String blockHash, boolean succeeded, long gasUsed) {
    }
}
