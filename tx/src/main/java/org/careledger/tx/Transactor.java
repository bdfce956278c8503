package org.careledger.tx;

import java.io.IOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.careledger.tx.Chain.Broadcast;
import org.careledger.tx.Chain.Mined;
import org.careledger.tx.Chain.Signed;
import org.careledger.tx.Outbox.Attempt;
import org.jboss.logging.Logger;

/**
 * The one way CareLedger sends a transaction, whatever the work (an anchor, a claim submission, a
 * registry call). The work describes its call; this layer owns the rest:
 * <ul>
 * <li>the gas limit (the estimate plus a margin, under the cap) and EIP-1559 fees;</li>
 * <li>a nonce from the key's one sequence ({@link NonceManager});</li>
 * <li>the signed transaction stored in the {@link Outbox} before it is broadcast, with the work's
 *     own rows in the same database transaction;</li>
 * <li>reconciliation from the stored attempts only: a receipt of any attempt is the work's; a stored
 *     attempt the node does not know goes out again unchanged (a crash before broadcast, a node
 *     restart, a reorganisation); one pending longer than {@code stuckAfter} is replaced with the
 *     same nonce and payload and both fees raised by 12.5%; a nonce mined by another transaction is
 *     reported, so the work can start a fresh attempt;</li>
 * <li>revert names from the contracts' ABIs ({@link RevertReasons}), and whether a mined
 *     transaction is still in its block.</li>
 * </ul>
 * Each work decides what a receipt means for it: confirmation depth, a revert's retry, its own status.
 */
public final class Transactor {

    private static final Logger LOG = Logger.getLogger(Transactor.class);

    private final Chain chain;
    private final Outbox outbox;
    private final NonceManager nonces;
    private final Settings settings;
    private final MeterRegistry metrics;
    private final Clock clock;

    public Transactor(Chain chain, Outbox outbox, NonceManager nonces, Settings settings, MeterRegistry metrics, Clock clock) {
        this.chain = chain;
        this.outbox = outbox;
        this.nonces = nonces;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The margin added to a gas estimate, and how long a transaction may stay pending before it is replaced. */
    public record Settings(int gasMarginPercent, Duration stuckAfter) {
    }

    /**
     * A call one piece of work makes: its kind, its id (null for work known by its first
     * transaction's hash), the contract and the ABI-encoded calldata, which holds hashes, ids and
     * amounts only.
     */
    public record Call(String kind, String workId, String to, String calldata) {
    }

    /** Rows the work writes in the database transaction that stores its attempt. */
    public interface Alongside {
        Alongside NOTHING = (c, a) -> { };

        void store(Connection c, Attempt attempt) throws SQLException;
    }

    /** What became of a stored attempt's broadcast: {@code out} when the node holds it now. */
    public record Sent(Attempt attempt, boolean out) {
    }

    /** What a reconciliation step did with work whose attempts have no receipt. */
    public enum Nudge { WAITING, REBROADCAST, REPLACED, AT_FEE_CAP, NONCE_TAKEN }

    /** The result of a reconciliation step, with the attempt now on its way when one was sent. */
    public record Progress(Nudge nudge, Optional<Attempt> sent) {
    }

    public Chain chain() {
        return chain;
    }

    /** Simulates the call from this key: the contract's error name, or empty when it would go through. */
    public Optional<String> simulate(String to, String calldata) throws IOException {
        return chain.simulate(to, calldata);
    }

    /**
     * Estimates the call (a revert is a {@link ChainRefusal} and nothing is signed), then signs it
     * with a fresh nonce, stores it with {@code alongside}, and broadcasts it.
     *
     * @param gasFloor a gas limit to reach at least (after an out-of-gas receipt), or null
     */
    public Sent submit(Call call, BigInteger gasFloor, Alongside alongside) throws IOException, SQLException, ChainRefusal {
        BigInteger estimate = chain.estimate(call.to(), call.calldata());
        BigInteger cap = chain.caps().gasLimit();
        if (estimate.compareTo(cap) > 0) {
            throw new ChainRefusal("gas estimate " + estimate + " above the configured gas limit " + cap);
        }
        BigInteger limit = estimate.multiply(BigInteger.valueOf(100L + settings.gasMarginPercent())).divide(BigInteger.valueOf(100));
        if (gasFloor != null) {
            limit = limit.max(gasFloor);
        }
        Attempt attempt = signAndStore(call, nonces.reserve(chain), chain.currentFees(), limit.min(cap), alongside);
        return broadcast(attempt, "sent");
    }

    /**
     * What is stored before any broadcast. Public so that a test can stop here, standing for a
     * process that died between storing and broadcasting.
     */
    public Attempt signAndStore(Call call, long nonce, Fees fees, BigInteger gasLimit, Alongside alongside) throws SQLException {
        Signed signed = chain.sign(nonce, fees, gasLimit, call.to(), call.calldata());
        Attempt attempt = new Attempt(signed.txHash(), call.kind(), call.workId() == null ? signed.txHash() : call.workId(),
                chain.chainId(), chain.sender(), call.to(), nonce, fees, gasLimit, signed.rawTx(), clock.instant());
        outbox.save(attempt, c -> alongside.store(c, attempt));
        return attempt;
    }

    /** Every stored attempt of the work, newest first. */
    public List<Attempt> attempts(String kind, String workId) throws SQLException {
        return outbox.attempts(kind, workId);
    }

    /** The receipt of whichever attempt was mined, if any. */
    public Optional<Mined> firstMined(List<Attempt> attempts) throws IOException {
        for (Attempt attempt : attempts) {
            Optional<Mined> receipt = chain.receipt(attempt.txHash());
            if (receipt.isPresent()) {
                return receipt;
            }
        }
        return Optional.empty();
    }

    /** The attempt a receipt belongs to. */
    public static Attempt attemptOf(List<Attempt> attempts, Mined mined) {
        return attempts.stream().filter(a -> a.txHash().equalsIgnoreCase(mined.txHash())).findFirst().orElseThrow();
    }

    /** Whether a receipt shows the transaction ran out of the gas it was given. */
    public static boolean outOfGas(Attempt attempt, Mined mined) {
        return mined.gasUsed() >= attempt.gasLimit().longValueExact();
    }

    /**
     * One step for work whose stored attempts (newest first, at least one) have no receipt: report a
     * nonce that went to another transaction, rebroadcast what the node does not know, or replace
     * what has been pending too long.
     */
    public Progress nudge(List<Attempt> attempts) throws IOException, SQLException {
        Attempt newest = attempts.get(0);
        if (chain.minedNonce() > newest.nonce()) {
            if (firstMined(attempts).isPresent()) {
                return new Progress(Nudge.WAITING, Optional.empty()); // mined since the caller looked: its next step sees it
            }
            metrics.counter("careledger.tx.nonce.taken", "kind", newest.kind()).increment();
            nonces.resync(chain);
            return new Progress(Nudge.NONCE_TAKEN, Optional.empty());
        }
        if (!chain.knows(newest.txHash())) {
            metrics.counter("careledger.tx.rebroadcast", "kind", newest.kind()).increment();
            Sent sent = broadcast(newest, "rebroadcast");
            return new Progress(Nudge.REBROADCAST, sent.out() ? Optional.of(sent.attempt()) : Optional.empty());
        }
        if (Duration.between(newest.createdAt(), clock.instant()).compareTo(settings.stuckAfter()) > 0) {
            Optional<Sent> replacement = replace(newest);
            return new Progress(replacement.isPresent() ? Nudge.REPLACED : Nudge.AT_FEE_CAP,
                    replacement.filter(Sent::out).map(Sent::attempt));
        }
        return new Progress(Nudge.WAITING, Optional.empty());
    }

    /** Whether a transaction confirmed in this block is no longer found there: a reorganisation undid it. */
    public boolean leftItsBlock(String txHash, String blockHash) throws IOException {
        Optional<Mined> now = chain.receipt(txHash);
        return now.isEmpty() || !now.get().blockHash().equalsIgnoreCase(blockHash);
    }

    /** The work is done or given up: its stored attempts stop holding nonces. */
    public void done(String kind, String workId) throws SQLException {
        outbox.close(kind, workId);
    }

    /** The work's transaction left the chain: its attempts hold their nonces again, to be rebroadcast. */
    public void reopen(String kind, String workId) throws SQLException {
        outbox.reopen(kind, workId);
    }

    private Sent broadcast(Attempt attempt, String why) throws IOException, SQLException {
        Broadcast answer = chain.broadcast(attempt.rawTx());
        switch (answer) {
            case ACCEPTED, ALREADY_KNOWN -> {
                metrics.counter("careledger.tx.sent", "kind", attempt.kind(), "why", why).increment();
                return new Sent(attempt, true);
            }
            case NONCE_TOO_LOW -> {
                // mined by an earlier attempt (found by the next step) or taken by another process
                nonces.resync(chain);
                return new Sent(attempt, false);
            }
            default -> {
                return replace(attempt).orElse(new Sent(attempt, false));
            }
        }
    }

    /** The same nonce and payload with both fees raised by 12.5%, or empty at the fee cap. */
    private Optional<Sent> replace(Attempt stuck) throws IOException, SQLException {
        Optional<Fees> bumped = stuck.fees().bumped(chain.caps());
        if (bumped.isEmpty()) {
            metrics.counter("careledger.tx.at-fee-cap", "kind", stuck.kind()).increment();
            LOG.warnf("%s %s: transaction %s is pending at the fee cap; waiting", stuck.kind(), stuck.workId(), stuck.txHash());
            return Optional.empty();
        }
        metrics.counter("careledger.tx.replaced", "kind", stuck.kind()).increment();
        Call same = new Call(stuck.kind(), stuck.workId(), stuck.to(), calldataOf(stuck));
        Attempt replacement = signAndStore(same, stuck.nonce(), bumped.get(), stuck.gasLimit(), Alongside.NOTHING);
        Broadcast answer = chain.broadcast(replacement.rawTx());
        // UNDERPRICED: the next replacement bumps from this one; NONCE_TOO_LOW: an attempt was mined
        return Optional.of(new Sent(replacement, answer == Broadcast.ACCEPTED || answer == Broadcast.ALREADY_KNOWN));
    }

    /** The payload of a stored attempt, read back from its signed bytes, so a replacement carries exactly it. */
    private static String calldataOf(Attempt attempt) {
        return org.web3j.crypto.TransactionDecoder.decode(attempt.rawTx()).getData();
    }
}
