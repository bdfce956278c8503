package org.careledger.bridge.batch;

import java.io.IOException;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.careledger.bridge.batch.BatchStore.Attempt;
import org.careledger.bridge.batch.BatchStore.OpenBatch;
import org.careledger.bridge.chain.ChainRefusal;
import org.careledger.bridge.chain.EvmAnchorChain;
import org.careledger.bridge.chain.EvmAnchorChain.Broadcast;
import org.careledger.bridge.chain.EvmAnchorChain.Mined;
import org.careledger.bridge.chain.EvmAnchorChain.Signed;
import org.careledger.bridge.chain.Fees;
import org.careledger.bridge.chain.NonceManager;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * Drives each stored batch to a confirmed anchor, one idempotent step at a time, deciding from the
 * chain and the stored attempts only (never from what this process remembers):
 * <ul>
 * <li>a receipt of any attempt, the original or a replacement, settles the batch once it is
 *     {@code confirmations} deep; a batch id the chain already holds with our root counts as anchored;</li>
 * <li>a stored attempt the node does not know is rebroadcast unchanged (crash before broadcast,
 *     node restart, reorganisation), so a nonce is never skipped nor reused for another payload;</li>
 * <li>an attempt pending longer than {@code stuckAfter} is replaced with the same nonce and payload
 *     and both fees raised by 12.5%;</li>
 * <li>a nonce used by another process, an out-of-gas receipt or a revert leads to a fresh attempt
 *     (after a back-off for reverts); a refusal while estimating leaves the batch failed, retried later.</li>
 * </ul>
 * A receipt that does not come in time leaves the batch {@code sent}: unknown, never failed.
 */
public final class BatchTracker {

    private static final Logger LOG = Logger.getLogger(BatchTracker.class);
    private static final Duration FULL_RECHECK = Duration.ofSeconds(10);

    private final EvmAnchorChain chain;
    private final BatchStore store;
    private final NonceManager nonces;
    private final Settings settings;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Map<String, Instant> retryAfter = new HashMap<>();
    private long lastHead = -1;

    public BatchTracker(EvmAnchorChain chain, BatchStore store, NonceManager nonces, Settings settings,
                        MeterRegistry metrics, Clock clock) {
        this.chain = chain;
        this.store = store;
        this.nonces = nonces;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One step for each unresolved batch, oldest first; true when any became confirmed. */
    public boolean advance() throws IOException, SQLException {
        long head = chain.headBlock();
        boolean newBlock = head != lastHead;
        lastHead = head;
        boolean confirmed = false;
        for (OpenBatch batch : store.unresolved(settings.owner(), settings.maxInFlight())) {
            confirmed |= step(batch, head, newBlock);
        }
        return confirmed;
    }

    /** Sends the batches that were just closed, without revisiting the ones already on their way. */
    public void sendClosed() throws IOException, SQLException {
        long head = chain.recentHeadBlock();
        for (OpenBatch batch : store.unresolved(settings.owner(), settings.maxInFlight())) {
            if (BatchStore.PENDING.equals(batch.status())) {
                step(batch, head, false);
            }
        }
    }

    /**
     * Confirmed batches still within {@code reorgWindow} blocks of the head: a transaction no longer
     * found in the block it was confirmed in sends its batch back to be anchored again.
     */
    public int watchReorgs() throws IOException, SQLException {
        long head = chain.headBlock();
        int reorged = 0;
        for (OpenBatch batch : store.confirmedSince(settings.owner(), head - settings.reorgWindow())) {
            Optional<Mined> now = chain.receipt(batch.txHash());
            if (now.isEmpty() || !now.get().blockHash().equals(batch.blockHash())) {
                store.transition(batch.batchId(), BatchStore.REORGED, "transaction left block " + batch.blockHash(), null, null);
                metrics.counter("careledger.ledger.reorgs").increment();
                LOG.warnf("batch %s: its anchor transaction %s is no longer in its block; anchoring again", batch.batchId(), batch.txHash());
                reorged++;
            }
        }
        return reorged;
    }

    boolean step(OpenBatch batch, long head, boolean newBlock) throws IOException, SQLException {
        boolean sent = BatchStore.SENT.equals(batch.status());
        if (sent && batch.blockNumber() != null && head - batch.blockNumber() + 1 < settings.confirmations()) {
            return false; // mined, not deep enough yet: nothing to ask the chain until the head moves on
        }
        if (sent && batch.blockNumber() == null && !newBlock && batch.updatedAt().plus(recheckAfter()).isAfter(clock.instant())) {
            return false; // no block since the last look: no receipt can have appeared
        }
        byte[] batchId = Numeric.hexStringToByteArray(batch.batchId());
        byte[] root = Numeric.hexStringToByteArray(batch.root());
        List<Attempt> attempts = store.attempts(batch.batchId());
        Optional<Mined> mined = firstMined(attempts);
        if (mined.isPresent() && mined.get().succeeded()) {
            return settle(batch, mined.get(), head);
        }
        if (sent && mined.isEmpty() && !attempts.isEmpty() && age(attempts.get(0)).compareTo(recheckAfter()) < 0) {
            return false; // a fresh transaction: its receipt is the only news worth a round trip
        }
        Optional<byte[]> onChain = chain.rootOf(batchId);
        if (onChain.isPresent()) {
            if (!Arrays.equals(onChain.get(), root)) {
                store.transition(batch.batchId(), BatchStore.FAILED, "batch id is anchored with a different root", null, null);
                metrics.counter("careledger.ledger.root.conflicts").increment();
                return false;
            }
            // anchored by a transaction we did not send (another bridge instance, or a lost receipt)
            Optional<Mined> log = chain.anchorLog(batchId);
            return log.isPresent() && settle(batch, log.get(), head);
        }
        if (mined.isPresent()) {
            return reverted(batch, attempts, mined.get());
        }
        if (attempts.isEmpty()) {
            send(batch, null);
            return false;
        }
        Attempt newest = attempts.get(0);
        if (chain.minedNonce() > newest.nonce()) {
            if (firstMined(attempts).isEmpty()) {
                // the nonce went to a transaction that is not ours
                metrics.counter("careledger.ledger.nonce.taken").increment();
                nonces.resync();
                send(batch, null);
            }
            return false;
        }
        if (!chain.knows(newest.txHash())) {
            metrics.counter("careledger.ledger.tx.rebroadcast").increment();
            broadcast(batch, newest, "rebroadcast");
        } else if (age(newest).compareTo(settings.stuckAfter()) > 0) {
            replace(batch, newest);
        }
        return false;
    }

    private Duration age(Attempt attempt) {
        return Duration.between(attempt.createdAt(), clock.instant());
    }

    /** How long a sent transaction waits for its receipt before the full reconciliation runs again. */
    private Duration recheckAfter() {
        return settings.stuckAfter().compareTo(FULL_RECHECK) < 0 ? settings.stuckAfter() : FULL_RECHECK;
    }

    private Optional<Mined> firstMined(List<Attempt> attempts) throws IOException {
        for (Attempt attempt : attempts) {
            Optional<Mined> receipt = chain.receipt(attempt.txHash());
            if (receipt.isPresent()) {
                return receipt;
            }
        }
        return Optional.empty();
    }

    private boolean settle(OpenBatch batch, Mined mined, long head) throws SQLException {
        boolean deepEnough = head - mined.blockNumber() + 1 >= settings.confirmations();
        store.transition(batch.batchId(), deepEnough ? BatchStore.CONFIRMED : BatchStore.SENT, null, null, mined);
        if (deepEnough) {
            retryAfter.remove(batch.batchId());
            metrics.counter("careledger.ledger.events.anchored").increment(batch.eventCount());
        }
        return deepEnough;
    }

    private boolean reverted(OpenBatch batch, List<Attempt> attempts, Mined mined) throws IOException, SQLException {
        Attempt attempt = attempts.stream().filter(a -> a.txHash().equals(mined.txHash())).findFirst().orElseThrow();
        boolean outOfGas = mined.gasUsed() >= attempt.gasLimit().longValueExact();
        if (!mined.txHash().equals(attempts.get(0).txHash())) {
            return false; // a newer attempt is under way
        }
        store.transition(batch.batchId(), BatchStore.FAILED, outOfGas ? "out-of-gas" : "reverted", null, mined);
        if (!outOfGas) {
            retryAfter.putIfAbsent(batch.batchId(), clock.instant().plus(settings.retryBackoff()));
        }
        send(batch, outOfGas ? attempt.gasLimit().shiftLeft(1) : null);
        return false;
    }

    /** A fresh attempt with a new nonce, unless the batch is backing off after a refusal. */
    private void send(OpenBatch batch, BigInteger gasFloor) throws IOException, SQLException {
        Instant after = retryAfter.get(batch.batchId());
        if (after != null && clock.instant().isBefore(after)) {
            return;
        }
        retryAfter.remove(batch.batchId());
        byte[] batchId = Numeric.hexStringToByteArray(batch.batchId());
        byte[] root = Numeric.hexStringToByteArray(batch.root());
        BigInteger estimate;
        try {
            estimate = chain.estimateAnchorGas(batchId, root, batch.eventCount());
        } catch (ChainRefusal refusal) {
            refused(batch, refusal.reason());
            return;
        }
        BigInteger cap = chain.caps().gasLimit();
        if (estimate.compareTo(cap) > 0) {
            refused(batch, "gas estimate " + estimate + " above the configured gas limit " + cap);
            return;
        }
        BigInteger limit = estimate.multiply(BigInteger.valueOf(100L + settings.gasMarginPercent())).divide(BigInteger.valueOf(100));
        if (gasFloor != null) {
            limit = limit.max(gasFloor);
        }
        limit = limit.min(cap);
        sign(batch, nonces.reserve(), chain.currentFees(), limit, "sent");
    }

    /** Signs, stores, then broadcasts: the stored attempt is what a restart reconciles against. */
    private void sign(OpenBatch batch, long nonce, Fees fees, BigInteger gasLimit, String why) throws IOException, SQLException {
        broadcast(batch, signAndStore(batch, nonce, fees, gasLimit), why);
    }

    /** What is stored before any broadcast; tests call it alone to stand for a process that died right after. */
    Attempt signAndStore(OpenBatch batch, long nonce, Fees fees, BigInteger gasLimit) throws SQLException {
        Signed signed = chain.signAnchor(nonce, fees, gasLimit, Numeric.hexStringToByteArray(batch.batchId()),
                Numeric.hexStringToByteArray(batch.root()), batch.eventCount());
        Attempt attempt = new Attempt(signed.txHash(), batch.batchId(), chain.sender(), nonce, fees, gasLimit, signed.rawTx(),
                clock.instant());
        store.saveAttempt(attempt);
        return attempt;
    }

    private void broadcast(OpenBatch batch, Attempt attempt, String why) throws IOException, SQLException {
        Broadcast answer = chain.broadcast(attempt.rawTx());
        switch (answer) {
            case ACCEPTED, ALREADY_KNOWN -> {
                metrics.counter("careledger.ledger.tx.sent", "why", why).increment();
                store.transition(batch.batchId(), BatchStore.SENT, null, attempt.txHash(), null);
            }
            case NONCE_TOO_LOW -> {
                // mined by an earlier attempt (found by the next step) or taken by another process
                nonces.resync();
            }
            case UNDERPRICED -> replace(batch, attempt);
        }
    }

    private void replace(OpenBatch batch, Attempt stuck) throws IOException, SQLException {
        Optional<Fees> bumped = stuck.fees().bumped(chain.caps());
        if (bumped.isEmpty()) {
            metrics.counter("careledger.ledger.tx.at-fee-cap").increment();
            LOG.warnf("batch %s: transaction %s is pending at the fee cap; waiting", batch.batchId(), stuck.txHash());
            return;
        }
        metrics.counter("careledger.ledger.tx.replaced").increment();
        Attempt replacement = signAndStore(batch, stuck.nonce(), bumped.get(), stuck.gasLimit());
        Broadcast answer = chain.broadcast(replacement.rawTx());
        if (answer == Broadcast.ACCEPTED || answer == Broadcast.ALREADY_KNOWN) {
            store.transition(batch.batchId(), BatchStore.SENT, null, replacement.txHash(), null);
        }
        // UNDERPRICED: the next replacement bumps from this one; NONCE_TOO_LOW: an attempt was mined
    }

    private void refused(OpenBatch batch, String reason) throws SQLException {
        metrics.counter("careledger.ledger.tx.refused", "reason", reason.split(" ")[0]).increment();
        store.transition(batch.batchId(), BatchStore.FAILED, reason, null, null);
        retryAfter.put(batch.batchId(), clock.instant().plus(settings.retryBackoff()));
    }

    /** What a batch needs to count as done, and when to act on a transaction that does not move. */
    public record Settings(String owner, int confirmations, Duration stuckAfter, Duration retryBackoff, int gasMarginPercent,
                           int maxInFlight, long reorgWindow) {
    }
}
