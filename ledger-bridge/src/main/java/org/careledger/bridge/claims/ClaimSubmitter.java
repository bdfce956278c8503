package org.careledger.bridge.claims;

import java.io.IOException;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.careledger.bridge.chain.ChainRefusal;
import org.careledger.bridge.chain.EvmAnchorChain.Broadcast;
import org.careledger.bridge.chain.EvmAnchorChain.Mined;
import org.careledger.bridge.chain.EvmAnchorChain.Signed;
import org.careledger.bridge.claims.ClaimStore.OpenClaim;
import org.careledger.bridge.proof.ProofStore;
import org.careledger.contracts.ClaimsDeployment;
import org.careledger.contracts.generated.ClaimSettlement;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * Submits stored claims to {@code ClaimSettlement} once their event's batch is confirmed. Each claim
 * is first simulated alone, so the contract's own refusals (unregistered payer or provider, escrow
 * too small, paused) are recorded per claim without spending gas. Claims that would go through are
 * sent up to {@code maxPerTransaction} at a time; a batch the chain refuses (one claim spoiling it,
 * say two claims that each fit the escrow but not together) is split and its claims go alone.
 * The contract settles a claim id once only, so a claim sent twice after a lost answer is never paid twice.
 */
public final class ClaimSubmitter {

    private static final Logger LOG = Logger.getLogger(ClaimSubmitter.class);
    private static final Duration REBROADCAST_AFTER = Duration.ofSeconds(5);

    private final SettlementChain chain;
    private final ClaimStore store;
    private final ProofStore proofs;
    private final Settings settings;
    private final MeterRegistry metrics;
    private final Clock clock;

    public ClaimSubmitter(SettlementChain chain, ClaimStore store, ProofStore proofs, Settings settings, MeterRegistry metrics,
                          Clock clock) {
        this.chain = chain;
        this.store = store;
        this.proofs = proofs;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** How many claims go in one transaction, the gas cap and margin, and how long an under-funded claim waits. */
    public record Settings(int maxPerTransaction, BigInteger gasLimit, int gasMarginPercent, Duration escrowRetry, Duration retry) {
    }

    /** A claim the contract would accept, with where its event is anchored. */
    private record Ready(OpenClaim claim, ClaimSettlement.Claim onChain, List<byte[]> proof, ClaimStore.Anchoring anchoring) {
    }

    /** One pass: reconcile sent transactions, then submit what is due. */
    public void step() throws IOException, SQLException {
        reconcileSubmitted();
        List<Ready> batchable = new ArrayList<>();
        List<Ready> alone = new ArrayList<>();
        for (OpenClaim claim : store.due(clock.instant(), 100)) {
            Optional<Ready> ready = prepare(claim);
            if (ready.isPresent()) {
                (claim.solo() ? alone : batchable).add(ready.get());
            }
        }
        for (int i = 0; i < batchable.size(); i += settings.maxPerTransaction()) {
            send(batchable.subList(i, Math.min(batchable.size(), i + settings.maxPerTransaction())));
        }
        for (Ready ready : alone) {
            send(List.of(ready));
        }
    }

    private Optional<Ready> prepare(OpenClaim claim) throws IOException, SQLException {
        Optional<ProofStore.ProofRow> proof = proofs.find(claim.eventId());
        if (proof.isEmpty()) {
            return Optional.empty(); // its batch is not confirmed yet
        }
        if (!claim.providerId().equals(chain.providerId())) {
            // this bridge signs for one provider; another one's claim can only be refused here
            reject(claim, chain.isActive(claim.providerId(), ClaimsDeployment.PROVIDER) ? "provider-key-not-held" : "provider-not-registered");
            return Optional.empty();
        }
        ProofStore.ProofRow row = proof.get();
        Optional<List<String>> claimProof = proofs.claimLeafProof(claim.eventId());
        if (claimProof.isEmpty()) {
            // its batch holds the event but no claim leaf (anchored before claim leaves, or settlement was off then)
            reject(claim, "claim-leaf-not-anchored");
            return Optional.empty();
        }
        List<byte[]> nodes = claimProof.get().stream().map(Numeric::hexStringToByteArray).toList();
        ClaimSettlement.Claim onChain = onChain(claim, row);
        Optional<String> refusal = chain.simulate(chain.submitOne(onChain, nodes));
        if (refusal.isPresent()) {
            refused(claim, refusal.get());
            return Optional.empty();
        }
        return Optional.of(new Ready(claim, onChain, nodes, new ClaimStore.Anchoring(row.batchId(), row.eventHash())));
    }

    static ClaimSettlement.Claim onChain(OpenClaim claim, ProofStore.ProofRow row) {
        return OnChainClaim.of(claim.claimId(), claim.providerId(), claim.payerId(), claim.planCode(), claim.member(), claim.serviceDay(),
                claim.lines(), Numeric.hexStringToByteArray(row.batchId()), Numeric.hexStringToByteArray(row.eventHash()));
    }

    /** What the contract's refusal means for the claim: refused for good, or tried again later. */
    private void refused(OpenClaim claim, String error) throws IOException, SQLException {
        metrics.counter("careledger.claims.refusals", "error", error.split(" ")[0]).increment();
        switch (error) {
            case "UnknownPolicy" -> reject(claim, chain.isActive(claim.payerId(), ClaimsDeployment.PAYER)
                    ? "policy-not-registered" : "payer-not-registered");
            case "PayerInactive" -> reject(claim, "payer-not-registered");
            case "NotAnActiveParticipant", "WrongProvider" -> reject(claim, "provider-not-registered");
            case "AlreadySettled" -> reject(claim, "claim-id-already-settled");
            case "EventAlreadySettled" -> reject(claim, "event-already-settled");
            case "ClaimDoesNotMatchAnchor" -> reject(claim, "claim-does-not-match-anchor");
            case "NoLines", "TooMany" -> reject(claim, "claim-" + error);
            case "InsufficientEscrow" -> later(claim, ClaimStore.PENDING_ESCROW, "escrow-too-small", settings.escrowRetry());
            case "EnforcedPause" -> later(claim, ClaimStore.RECEIVED, "contract-paused", settings.retry());
            default -> later(claim, ClaimStore.RECEIVED, "refused: " + error, settings.retry());
        }
    }

    private void reject(OpenClaim claim, String reason) throws SQLException {
        metrics.counter("careledger.claims.rejected", "reason", reason).increment();
        LOG.infof("claim %s refused: %s", claim.claimId(), reason);
        store.transition(claim.claimId(), ClaimStore.REJECTED, reason, null);
    }

    /** Waits: a claim already waiting for the same reason only has its next look moved. */
    private void later(OpenClaim claim, String status, String reason, Duration wait) throws SQLException {
        store.transition(claim.claimId(), status, reason, clock.instant().plus(wait));
    }

    private void send(List<Ready> batch) throws IOException, SQLException {
        String calldata = batch.size() == 1 ? chain.submitOne(batch.get(0).onChain(), batch.get(0).proof())
                : chain.submitMany(batch.stream().map(Ready::onChain).toList(), batch.stream().map(Ready::proof).toList());
        BigInteger estimate;
        try {
            estimate = chain.estimate(calldata);
        } catch (ChainRefusal refusal) {
            if (batch.size() == 1) {
                refused(batch.get(0).claim(), refusal.reason());
            } else {
                metrics.counter("careledger.claims.batches.split").increment();
                for (Ready ready : batch) {
                    store.submitAlone(ready.claim().claimId(), "batch refused (" + refusal.reason() + "): submitted alone");
                }
            }
            return;
        }
        BigInteger limit = estimate.multiply(BigInteger.valueOf(100L + settings.gasMarginPercent())).divide(BigInteger.valueOf(100))
                .min(settings.gasLimit());
        long nonce = chain.pendingNonce();
        Signed signed = chain.sign(nonce, chain.currentFees(), limit, calldata);
        store.submitting(signed.txHash(), batch.stream().map(Ready::claim).toList(), chain.sender(), nonce, signed.rawTx(),
                batch.stream().map(Ready::anchoring).toList());
        Broadcast answer = chain.broadcast(signed.rawTx());
        metrics.counter("careledger.claims.transactions", "answer", answer.name()).increment();
        LOG.infof("submitted %d claim(s) in %s: %s", batch.size(), signed.txHash(), answer);
    }

    /**
     * Transactions without a receipt are broadcast again (the node may have dropped them); a reverted
     * one sends its claims back, each alone; one whose nonce went elsewhere sends them back too.
     */
    private void reconcileSubmitted() throws IOException, SQLException {
        Map<String, List<OpenClaim>> byTx = new LinkedHashMap<>();
        for (OpenClaim claim : store.submitted()) {
            byTx.computeIfAbsent(claim.txHash(), t -> new ArrayList<>()).add(claim);
        }
        for (Map.Entry<String, List<OpenClaim>> tx : byTx.entrySet()) {
            Optional<Mined> mined = chain.receipt(tx.getKey());
            if (mined.isPresent()) {
                if (!mined.get().succeeded()) {
                    metrics.counter("careledger.claims.transactions.reverted").increment();
                    for (OpenClaim claim : tx.getValue()) {
                        store.submitAlone(claim.claimId(), "transaction reverted: submitted again alone");
                    }
                }
                continue; // a success is recorded from the contract's event at the confirmation depth
            }
            Optional<ClaimStore.Attempt> attempt = store.attempt(tx.getKey());
            if (attempt.isEmpty() || Duration.between(attempt.get().createdAt(), clock.instant()).compareTo(REBROADCAST_AFTER) < 0
                    || chain.knows(tx.getKey())) {
                continue;
            }
            if (chain.broadcast(attempt.get().rawTx()) == Broadcast.NONCE_TOO_LOW) {
                for (OpenClaim claim : tx.getValue()) {
                    store.transition(claim.claimId(), ClaimStore.RECEIVED, "transaction dropped: submitted again", null);
                }
            }
        }
    }
}
