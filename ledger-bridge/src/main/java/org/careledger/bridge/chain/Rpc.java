package org.careledger.bridge.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

import org.careledger.bridge.chain.EvmAnchorChain.Broadcast;
import org.careledger.bridge.chain.EvmAnchorChain.Mined;
import org.careledger.contracts.ChainSession;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * The JSON-RPC calls every transaction sender here needs, with one error model: node down, HTTP
 * errors and bodies that are not JSON-RPC are {@link IOException}s.
 */
public final class Rpc {

    private Rpc() {
    }

    /** The call's response, or an I/O failure for HTTP errors and bodies that are not JSON-RPC. */
    public static <T extends Response<?>> T call(Request<?, T> request) throws IOException {
        try {
            return request.send();
        } catch (ClientConnectionException | UncheckedIOException e) {
            throw new IOException(request.getMethod() + " failed: " + e.getMessage(), e);
        }
    }

    /** As {@link #call}, with a JSON-RPC error answer as an I/O failure too. */
    public static <T extends Response<?>> T send(Request<?, T> request) throws IOException {
        T response = call(request);
        if (response.hasError()) {
            throw new IOException("JSON-RPC error " + response.getError().getCode() + ": " + response.getError().getMessage());
        }
        return response;
    }

    /** Sends a signed transaction and classifies the node's answer; other errors are I/O failures. */
    public static Broadcast broadcast(Web3j web3j, String rawTx) throws IOException {
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

    public static Optional<Mined> receipt(Web3j web3j, String txHash) throws IOException {
        Optional<TransactionReceipt> receipt = send(web3j.ethGetTransactionReceipt(txHash)).getTransactionReceipt();
        return receipt.map(r -> new Mined(r.getTransactionHash(), r.getBlockNumber().longValueExact(), r.getBlockHash(),
                r.isStatusOK(), r.getGasUsed().longValueExact()));
    }

    /** Base fee of the latest block and the node's suggested tip, priced under the caps. */
    public static Fees currentFees(Web3j web3j, ChainSession.FeeCaps caps) throws IOException {
        EthBlock.Block latest = send(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
        if (latest == null || latest.getBaseFeePerGas() == null) {
            throw new IOException("the latest block has no base fee: EIP-1559 is required");
        }
        BigInteger tip = send(web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
        return Fees.forBaseFee(latest.getBaseFeePerGas(), tip, caps);
    }

    public static long headBlock(Web3j web3j) throws IOException {
        return send(web3j.ethBlockNumber()).getBlockNumber().longValueExact();
    }

    /** Whether the node has this transaction at all (mined or in its pool). */
    public static boolean knows(Web3j web3j, String txHash) throws IOException {
        return send(web3j.ethGetTransactionByHash(txHash)).getTransaction().isPresent();
    }
}
