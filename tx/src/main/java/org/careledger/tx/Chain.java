package org.careledger.tx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.careledger.contracts.ChainSession;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.utils.Numeric;

/**
 * One signing key on one EVM chain, as every CareLedger transaction and contract read sees it: one
 * JSON-RPC call per method, with one error model. Node down, HTTP errors and bodies that are not
 * JSON-RPC are {@link IOException}s; a revert while simulating or estimating is the contract's
 * custom error, named by {@link RevertReasons}. Transactions are signed here but sent by
 * {@link Transactor}, which stores each one before it leaves the process.
 */
public final class Chain {

    private static final long RECENT_HEAD_NANOS = 1_000_000_000L;

    private final ChainSession session;
    private final Web3j web3j;
    private volatile long[] recentHead;

    public Chain(ChainSession session) {
        this.session = session;
        this.web3j = session.web3j();
    }

    /** The session, for contract wrappers' view calls. */
    public ChainSession session() {
        return session;
    }

    public long chainId() {
        return session.chainId();
    }

    /** The signing key's address. */
    public String sender() {
        return session.address();
    }

    public ChainSession.FeeCaps caps() {
        return session.fees();
    }

    public long headBlock() throws IOException {
        long head = send(web3j.ethBlockNumber()).getBlockNumber().longValueExact();
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

    /** Base fee of the latest block and the node's suggested tip, priced under the caps. */
    public Fees currentFees() throws IOException {
        EthBlock.Block latest = send(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
        if (latest == null || latest.getBaseFeePerGas() == null) {
            throw new IOException("the latest block has no base fee: EIP-1559 is required");
        }
        BigInteger tip = send(web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
        return Fees.forBaseFee(latest.getBaseFeePerGas(), tip, session.fees());
    }

    /** The contract's custom error for this call from the signing key (by name), or empty when it would go through. */
    public Optional<String> simulate(String to, String calldata) throws IOException {
        EthCall result = call(web3j.ethCall(Transaction.createEthCallTransaction(sender(), to, calldata), DefaultBlockParameterName.LATEST));
        if (!result.isReverted() && !result.hasError()) {
            return Optional.empty();
        }
        if (result.hasError() && !isRevert(result.getError())) {
            throw new IOException("eth_call failed: " + result.getError().getCode() + " " + result.getError().getMessage());
        }
        return Optional.of(RevertReasons.name(result.hasError() ? result.getError().getData() : result.getValue()));
    }

    /** Gas the call needs now, or the contract's reason for refusing it. */
    public BigInteger estimate(String to, String calldata) throws IOException, ChainRefusal {
        EthEstimateGas estimate = call(web3j.ethEstimateGas(Transaction.createEthCallTransaction(sender(), to, calldata)));
        if (estimate.hasError()) {
            if (isRevert(estimate.getError())) {
                throw new ChainRefusal(RevertReasons.name(estimate.getError().getData()));
            }
            throw new IOException("eth_estimateGas failed: " + estimate.getError().getCode() + " " + estimate.getError().getMessage());
        }
        return estimate.getAmountUsed();
    }

    /** An EIP-1559 transaction signed with this key (its chain id is part of the signed payload); nothing is sent. */
    public Signed sign(long nonce, Fees fees, BigInteger gasLimit, String to, String calldata) {
        RawTransaction tx = RawTransaction.createTransaction(chainId(), BigInteger.valueOf(nonce), gasLimit, to, BigInteger.ZERO,
                calldata, fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        byte[] signed = session.sign(tx);
        return new Signed(Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed));
    }

    /** Sends a signed transaction and classifies the node's answer; other errors are I/O failures. */
    public Broadcast broadcast(String rawTx) throws IOException {
        EthSendTransaction sent = call(web3j.ethSendRawTransaction(rawTx));
        if (!sent.hasError()) {
            return Broadcast.ACCEPTED;
        }
        String message = String.valueOf(sent.getError().getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("already known") || message.contains("known transaction") || message.contains("alreadyknown")) {
            return Broadcast.ALREADY_KNOWN;
        }
        if (message.contains("nonce too low") || message.contains("nonce is too low") || message.contains("noncetoolow")) {
            return Broadcast.NONCE_TOO_LOW;
        }
        if (message.contains("underpriced")) {
            return Broadcast.UNDERPRICED;
        }
        throw new IOException("eth_sendRawTransaction refused: " + sent.getError().getCode() + " " + sent.getError().getMessage());
    }

    public Optional<Mined> receipt(String txHash) throws IOException {
        Optional<TransactionReceipt> receipt = send(web3j.ethGetTransactionReceipt(txHash)).getTransactionReceipt();
        return receipt.map(r -> new Mined(r.getTransactionHash(), r.getBlockNumber().longValueExact(), r.getBlockHash(),
                r.isStatusOK(), r.getGasUsed().longValueExact()));
    }

    /** Whether the node has this transaction at all (mined or in its pool). */
    public boolean knows(String txHash) throws IOException {
        return send(web3j.ethGetTransactionByHash(txHash)).getTransaction().isPresent();
    }

    /** Transactions of the signing key that are mined. */
    public long minedNonce() throws IOException {
        return send(web3j.ethGetTransactionCount(sender(), DefaultBlockParameterName.LATEST)).getTransactionCount().longValueExact();
    }

    /** Transactions of the signing key that are mined or waiting in the node's pool. */
    public long pendingNonce() throws IOException {
        return send(web3j.ethGetTransactionCount(sender(), DefaultBlockParameterName.PENDING)).getTransactionCount().longValueExact();
    }

    /** The logs matching the filter, in chain order. */
    public List<Log> logs(EthFilter filter) throws IOException {
        return send(web3j.ethGetLogs(filter)).getLogs().stream().map(r -> (Log) ((EthLog.LogResult<?>) r).get()).toList();
    }

    /** A contract wrapper's view call, with its failures as I/O failures. */
    public static <T> T view(View<T> call) throws IOException {
        try {
            return call.send();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("contract call failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A wrapper's {@code RemoteFunctionCall::send}. */
    public interface View<T> {
        T send() throws Exception;
    }

    private static boolean isRevert(Response.Error error) {
        return String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT).contains("revert");
    }

    /** The call's response, or an I/O failure for HTTP errors and bodies that are not JSON-RPC. */
    private static <T extends Response<?>> T call(Request<?, T> request) throws IOException {
        try {
            return request.send();
        } catch (ClientConnectionException | UncheckedIOException e) {
            throw new IOException(request.getMethod() + " failed: " + e.getMessage(), e);
        }
    }

    /** As {@link #call}, with a JSON-RPC error answer as an I/O failure too. */
    private static <T extends Response<?>> T send(Request<?, T> request) throws IOException {
        T response = call(request);
        if (response.hasError()) {
            throw new IOException("JSON-RPC error " + response.getError().getCode() + ": " + response.getError().getMessage());
        }
        return response;
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
