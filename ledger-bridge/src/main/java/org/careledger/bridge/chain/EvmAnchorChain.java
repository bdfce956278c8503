package org.careledger.bridge.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.EventAnchor;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** {@link AnchorChain} on any EVM chain through the {@code EventAnchor} contract and web3j. */
public final class EvmAnchorChain implements AnchorChain {

    private static final Duration POLL = Duration.ofMillis(250);

    private final ChainSession session;
    private final EventAnchor contract;
    private final Duration confirmationTimeout;

    public EvmAnchorChain(ChainSession session, String contractAddress, Duration confirmationTimeout) {
        this.session = session;
        this.contract = EventAnchor.load(contractAddress, session.web3j(), session.transactions(), session.gas());
        this.confirmationTimeout = confirmationTimeout;
    }

    @Override
    public Anchored anchor(byte[] batchId, byte[] root, int eventCount, int confirmations) throws Exception {
        Anchored anchored = existingAnchor(batchId, root).orElse(null);
        if (anchored == null) {
            TransactionReceipt receipt = contract.anchor(batchId, root, BigInteger.valueOf(eventCount)).send();
            if (!receipt.isStatusOK()) {
                throw new IOException("anchor transaction reverted: " + receipt.getTransactionHash());
            }
            anchored = new Anchored(receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact(),
                    receipt.getGasUsed().longValueExact());
        }
        awaitConfirmations(anchored, confirmations);
        return anchored;
    }

    /**
     * The contract refuses a second anchor of a batch id. After a crash between sending and recording,
     * the same batch comes back: if the chain already has this root for it, find that transaction.
     */
    private Optional<Anchored> existingAnchor(byte[] batchId, byte[] root) throws Exception {
        byte[] onChain = contract.rootOf(batchId).send();
        if (onChain == null || Arrays.equals(onChain, new byte[32])) {
            return Optional.empty();
        }
        if (!Arrays.equals(onChain, root)) {
            throw new IllegalStateException("batch id " + Numeric.toHexString(batchId) + " is anchored with a different root");
        }
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
                contract.getContractAddress())
                .addSingleTopic(EventEncoder.encode(EventAnchor.BATCHANCHORED_EVENT))
                .addSingleTopic(Numeric.toHexString(batchId));
        List<EthLog.LogResult> logs = session.web3j().ethGetLogs(filter).send().getLogs();
        if (logs.isEmpty()) {
            throw new IllegalStateException("root on chain but no BatchAnchored log for " + Numeric.toHexString(batchId));
        }
        Log log = (Log) logs.get(0).get();
        TransactionReceipt receipt = session.web3j().ethGetTransactionReceipt(log.getTransactionHash()).send()
                .getTransactionReceipt().orElseThrow();
        return Optional.of(new Anchored(log.getTransactionHash(), log.getBlockNumber().longValueExact(),
                receipt.getGasUsed().longValueExact()));
    }

    private void awaitConfirmations(Anchored anchored, int confirmations) throws Exception {
        long deadline = System.nanoTime() + confirmationTimeout.toNanos();
        while (headBlock() - anchored.blockNumber() + 1 < confirmations) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no " + confirmations + " confirmations for " + anchored.txHash() + " in time");
            }
            Thread.sleep(POLL.toMillis());
        }
        // the receipt must still be on the canonical chain at the block we counted from
        TransactionReceipt receipt = session.web3j().ethGetTransactionReceipt(anchored.txHash()).send()
                .getTransactionReceipt().orElseThrow(() -> new IOException("anchor transaction no longer on chain: " + anchored.txHash()));
        if (receipt.getBlockNumber().longValueExact() != anchored.blockNumber()) {
            throw new IOException("anchor transaction moved blocks (reorganisation): " + anchored.txHash());
        }
    }

    @Override
    public long headBlock() throws IOException {
        return session.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    @Override
    public long chainId() {
        return session.chainId();
    }

    @Override
    public String contractAddress() {
        return contract.getContractAddress();
    }
}
