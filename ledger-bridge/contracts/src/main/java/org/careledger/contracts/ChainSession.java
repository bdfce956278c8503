package org.careledger.contracts;

import java.math.BigInteger;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * One signing key on one EVM chain: the JSON-RPC client, an EIP-155 transaction manager that polls
 * for receipts quickly, and EIP-1559 fee caps. The key itself stays inside {@link Credentials}
 * and is never printed.
 */
public final class ChainSession implements AutoCloseable {

    private static final int RECEIPT_POLL_MILLIS = 200;
    private static final int RECEIPT_POLL_ATTEMPTS = 600;

    private final Web3j web3j;
    private final long chainId;
    private final Credentials credentials;
    private final TransactionManager transactions;
    private final ContractGasProvider gas;
    private final FeeCaps fees;

    public ChainSession(String rpcUrl, long chainId, String privateKeyHex, FeeCaps fees) {
        this(rpcUrl, chainId, Credentials.create(privateKeyHex), fees);
    }

    public ChainSession(String rpcUrl, long chainId, Credentials credentials, FeeCaps fees) {
        this.web3j = Web3j.build(new HttpService(rpcUrl));
        this.chainId = chainId;
        this.credentials = credentials;
        this.transactions = new RawTransactionManager(web3j, credentials, chainId,
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS));
        this.fees = fees;
        this.gas = new StaticEIP1559GasProvider(chainId, fees.maxFeePerGas(), fees.maxPriorityFeePerGas(), fees.gasLimit());
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return chainId;
    }

    public String address() {
        return credentials.getAddress();
    }

    /** Signs an EIP-1559 transaction (its chain id is part of the signed payload) with this session's key. */
    public byte[] sign(RawTransaction transaction) {
        return TransactionEncoder.signMessage(transaction, credentials);
    }

    public FeeCaps fees() {
        return fees;
    }

    public TransactionManager transactions() {
        return transactions;
    }

    public ContractGasProvider gas() {
        return gas;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }

    /** Upper bounds for EIP-1559 fees, in wei, and the gas limit per transaction. */
    public record FeeCaps(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, BigInteger gasLimit) {

        public static FeeCaps gwei(long maxFee, long maxPriorityFee, long gasLimit) {
            BigInteger gwei = BigInteger.TEN.pow(9);
            return new FeeCaps(BigInteger.valueOf(maxFee).multiply(gwei),
                    BigInteger.valueOf(maxPriorityFee).multiply(gwei), BigInteger.valueOf(gasLimit));
        }
    }
}
