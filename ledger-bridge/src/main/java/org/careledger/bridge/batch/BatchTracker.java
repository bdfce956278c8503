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
import org.careledger.bridge.batch.BatchStore.OpenBatch;
import org.careledger.bridge.chain.AnchorContract;
import org.careledger.tx.Chain.Mined;
import org.careledger.tx.ChainRefusal;
import org.careledger.tx.Outbox.Attempt;
import org.careledger.tx.Transactor;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * Drives each stored batch to a confirmed anchor, one idempotent step at a time, deciding from the
 * chain and the stored attempts only (never from what this process remembers). Sending, rebroadcast,
 * replacement of stuck transactions and nonces belong to the {@link Transactor}; what an anchor's
 * receipt means is decided here:
 * <ul>
 * <li>a receipt of any attempt settles the batch once it is {@code confirmations} deep; a batch id
 *     the chain already holds with our root counts as anchored;</li>
 * <li>a nonce used by another transaction, an out-of-gas receipt or a revert leads to a fresh attempt
 *     (after a back-off for reverts); a refusal while estimating leaves the batch failed, retried later;</li>
 * <li>a confirmed transaction that leaves its block sends its batch back to be anchored again.</li>
 * </ul>
 * A receipt that does not come in time leaves the batch {@code sent}: unknown, never failed.
 */
public final class BatchTracker {

    private static final Logger LOG = Logger.getLogger(BatchTracker.class);
    private static final Duration FULL_RECHECK = Duration.ofSeconds(10);

    private final AnchorContract anchors;
    private final Transactor transactor;
    private final BatchStore store;
    private final Settings settings;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Map<String, Instant> retryAfter = new HashMap<>();
    private long lastHead = -1;

    public BatchTracker(AnchorContract anchors, Transactor transactor, BatchStore store, Settings settings, MeterRegistry metrics,
                        Clock clock) {
        this.anchors = anchors;
        this.transactor = transactor;
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One step for each unresolved batch, oldest first; true when any became confirmed. */
    public boolean advance() throws IOException, SQLException {
        long head = transactor.chain().headBlock();
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
        long head = transactor.chain().recentHeadBlock();
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
        long head = transactor.chain().headBlock();
        int reorged = 0;
        for (OpenBatch batch : store.confirmedSince(settings.owner(), head - settings.reorgWindow())) {
            if (transactor.leftItsBlock(batch.txHash(), batch.blockHash())) {
                store.transition(batch.batchId(), BatchStore.REORGED, "transaction left block " + batch.blockHash(), null, null);
                transactor.reopen(AnchorContract.KIND, batch.batchId());
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
        List<Attempt> attempts = transactor.attempts(AnchorContract.KIND, batch.batchId());
        Optional<Mined> mined = transactor.firstMined(attempts);
        if (mined.isPresent() && mined.get().succeeded()) {
            return settle(batch, mined.get(), head);
        }
        if (sent && mined.isEmpty() && !attempts.isEmpty() && age(attempts.get(0)).compareTo(recheckAfter()) < 0) {
            return false; // a fresh transaction: its receipt is the only news worth a round trip
        }
        Optional<byte[]> onChain = anchors.rootOf(batchId);
        if (onChain.isPresent()) {
            if (!Arrays.equals(onChain.get(), root)) {
                store.transition(batch.batchId(), BatchStore.FAILED, "batch id is anchored with a different root", null, null);
                metrics.counter("careledger.ledger.root.conflicts").increment();
                if (mined.isPresent()) {
                    transactor.done(AnchorContract.KIND, batch.batchId());
                } else if (!attempts.isEmpty()) {
                    // an attempt of ours holds a nonce: it must still go out (and revert), or every later one waits behind it
                    transactor.nudge(attempts);
                }
                return false;
            }
            // anchored by a transaction we did not send (another bridge instance, or a lost receipt)
            Optional<Mined> log = anchors.anchorLog(batchId);
            return log.isPresent() && settle(batch, log.get(), head);
        }
        if (mined.isPresent()) {
            return reverted(batch, attempts, mined.get());
        }
        if (attempts.isEmpty()) {
            send(batch, null);
            return false;
        }
        Transactor.Progress progress = transactor.nudge(attempts);
        if (progress.nudge() == Transactor.Nudge.NONCE_TAKEN) {
            send(batch, null);
        } else if (progress.sent().isPresent()) {
            store.transition(batch.batchId(), BatchStore.SENT, null, progress.sent().get().txHash(), null);
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

    private boolean settle(OpenBatch batch, Mined mined, long head) throws SQLException {
        boolean deepEnough = head - mined.blockNumber() + 1 >= settings.confirmations();
        store.transition(batch.batchId(), deepEnough ? BatchStore.CONFIRMED : BatchStore.SENT, null, null, mined);
        if (deepEnough) {
            transactor.done(AnchorContract.KIND, batch.batchId());
            retryAfter.remove(batch.batchId());
            metrics.counter("careledger.ledger.events.anchored").increment(batch.eventCount());
        }
        return deepEnough;
    }

    private boolean reverted(OpenBatch batch, List<Attempt> attempts, Mined mined) throws IOException, SQLException {
        Attempt attempt = Transactor.attemptOf(attempts, mined);
        boolean outOfGas = Transactor.outOfGas(attempt, mined);
        if (!mined.txHash().equalsIgnoreCase(attempts.get(0).txHash())) {
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
        Transactor.Sent sent;
        try {
            sent = transactor.submit(call(batch), gasFloor, Transactor.Alongside.NOTHING);
        } catch (ChainRefusal refusal) {
            refused(batch, refusal.reason());
            return;
        }
        if (sent.out()) {
            store.transition(batch.batchId(), BatchStore.SENT, null, sent.attempt().txHash(), null);
        }
    }

    /** The anchor call of a batch: the same bytes on every attempt. */
    Transactor.Call call(OpenBatch batch) {
        return anchors.anchorCall(batch.batchId(), Numeric.hexStringToByteArray(batch.root()), batch.eventCount());
    }

    private void refused(OpenBatch batch, String reason) throws SQLException {
        metrics.counter("careledger.ledger.tx.refused", "reason", reason.split(" ")[0]).increment();
        store.transition(batch.batchId(), BatchStore.FAILED, reason, null, null);
        retryAfter.put(batch.batchId(), clock.instant().plus(settings.retryBackoff()));
    }

    /** What a batch needs to count as done, and when to act on a transaction that does not move. */
    public record Settings(String owner, int confirmations, Duration stuckAfter, Duration retryBackoff, int maxInFlight,
                           long reorgWindow) {
    }
}
