package org.careledger.claims;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.careledger.contracts.claims.OnChainClaim;

import io.micrometer.core.instrument.MeterRegistry;
import org.careledger.claims.ClaimStore.OpenClaim;
import org.careledger.contracts.ClaimsDeployment;
import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.tx.Chain.Mined;
import org.careledger.tx.ChainRefusal;
import org.careledger.tx.Outbox.Attempt;
import org.careledger.tx.Transactor;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * Submits stored claims to {@code ClaimSettlement} once the bridge has their event's batch confirmed. Each claim
 * is first simulated alone, so the contract's own refusals (unregistered payer or provider, escrow
 * too small, paused) are recorded per claim without spending gas. Claims that would go through are
 * sent up to {@code maxPerTransaction} at a time; a batch the chain refuses (one claim spoiling it,
 * say two claims that each fit the escrow but not together) is split and its claims go alone.
 * The contract settles a claim id once only, so a claim sent twice after a lost answer is never paid twice.
 * <p>
 * It signs for every provider whose key it holds, each through that key's {@link Transactor}: the
 * transaction is stored with its claims marked submitted before it is broadcast, and a restart
 * sends the same bytes with the same nonce. A registered provider whose key is not held here waits.
 */
public final class ClaimSubmitter {

    private static final Logger LOG = Logger.getLogger(ClaimSubmitter.class);
    private static final Duration REBROADCAST_AFTER = Duration.ofSeconds(5);

    private final SettlementContract contract;
    private final Map<String, Transactor> providers;
    private final ClaimStore store;
    private final BridgeProofs proofs;
    private final Settings settings;
    private final MeterRegistry metrics;
    private final Clock clock;

    /** @param providers each provider id whose key is held here, with the transactor that signs for it */
    public ClaimSubmitter(SettlementContract contract, Map<String, Transactor> providers, ClaimStore store, BridgeProofs proofs,
                          Settings settings, MeterRegistry metrics, Clock clock) {
        this.contract = contract;
        this.providers = Map.copyOf(providers);
        this.store = store;
        this.proofs = proofs;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** How many claims go in one transaction, and how long an under-funded or otherwise waiting claim waits. */
    public record Settings(int maxPerTransaction, Duration escrowRetry, Duration retry) {
    }

    /** A claim the contract would accept, with where its event is anchored. */
    private record Ready(OpenClaim claim, ClaimSettlement.Claim onChain, List<byte[]> proof, ClaimStore.Anchoring anchoring) {
    }

    /** One pass: reconcile sent transactions, then submit what is due. */
    public void step() throws IOException, SQLException {
        reconcileSubmitted();
        Map<String, List<Ready>> batchable = new LinkedHashMap<>();
        List<Ready> alone = new ArrayList<>();
        for (OpenClaim claim : store.due(clock.instant(), 100)) {
            Optional<Ready> ready = prepare(claim);
            if (ready.isPresent()) {
                if (claim.solo()) {
                    alone.add(ready.get());
                } else {
                    batchable.computeIfAbsent(claim.providerId(), p -> new ArrayList<>()).add(ready.get());
                }
            }
        }
        for (List<Ready> provider : batchable.values()) {
            for (int i = 0; i < provider.size(); i += settings.maxPerTransaction()) {
                send(provider.subList(i, Math.min(provider.size(), i + settings.maxPerTransaction())));
            }
        }
        for (Ready ready : alone) {
            send(List.of(ready));
        }
    }

    private Optional<Ready> prepare(OpenClaim claim) throws IOException, SQLException {
        Optional<BridgeProofs.Anchored> proof = proofs.find(claim.eventId());
        if (proof.isEmpty()) {
            return Optional.empty(); // its batch is not confirmed yet
        }
        Transactor signer = providers.get(claim.providerId());
        if (signer == null) {
            // a registered provider whose key another claims app holds, or this one will hold once configured
            if (contract.isActive(claim.providerId(), ClaimsDeployment.PROVIDER)) {
                later(claim, ClaimStore.RECEIVED, "provider-key-not-held", settings.retry());
            } else {
                reject(claim, "provider-not-registered");
            }
            return Optional.empty();
        }
        BridgeProofs.Anchored row = proof.get();
        Optional<List<String>> claimProof = row.claimLeafProof();
        if (claimProof.isEmpty()) {
            // its batch holds the event but no claim leaf (anchored before claim leaves, or settlement was off then)
            reject(claim, "claim-leaf-not-anchored");
            return Optional.empty();
        }
        List<byte[]> nodes = claimProof.get().stream().map(Numeric::hexStringToByteArray).toList();
        ClaimSettlement.Claim onChain = onChain(claim, row);
        Optional<String> refusal = signer.simulate(contract.address(), contract.submitOne(onChain, nodes));
        if (refusal.isPresent()) {
            refused(claim, refusal.get());
            return Optional.empty();
        }
        return Optional.of(new Ready(claim, onChain, nodes, new ClaimStore.Anchoring(row.batchId(), row.eventHash())));
    }

    static ClaimSettlement.Claim onChain(OpenClaim claim, BridgeProofs.Anchored row) {
        return OnChainClaim.of(claim.claimId(), claim.providerId(), claim.payerId(), claim.planCode(), claim.member(), claim.serviceDay(),
                claim.lines(), Numeric.hexStringToByteArray(row.batchId()), Numeric.hexStringToByteArray(row.eventHash()));
    }

    /** What the contract's refusal means for the claim: refused for good, or tried again later. */
    private void refused(OpenClaim claim, String error) throws IOException, SQLException {
        metrics.counter("careledger.claims.refusals", "error", error.split(" ")[0]).increment();
        switch (error) {
            case "ClaimSettlementUnknownPolicy" -> reject(claim, contract.isActive(claim.payerId(), ClaimsDeployment.PAYER)
                    ? "policy-not-registered" : "payer-not-registered");
            case "ClaimSettlementPayerInactive" -> reject(claim, "payer-not-registered");
            case "ParticipantRegistryNotAnActiveParticipant", "ClaimSettlementWrongProvider" -> reject(claim, "provider-not-registered");
            case "ClaimSettlementAlreadySettled" -> reject(claim, "claim-id-already-settled");
            case "ClaimSettlementEventAlreadySettled" -> reject(claim, "event-already-settled");
            case "ClaimSettlementClaimDoesNotMatchAnchor" -> reject(claim, "claim-does-not-match-anchor");
            case "ClaimSettlementNoLines" -> reject(claim, "claim-no-lines");
            case "ClaimSettlementTooMany" -> reject(claim, "claim-too-many");
            case "ClaimSettlementInsufficientEscrow" -> later(claim, ClaimStore.PENDING_ESCROW, "escrow-too-small", settings.escrowRetry());
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
        String calldata = batch.size() == 1 ? contract.submitOne(batch.get(0).onChain(), batch.get(0).proof())
                : contract.submitMany(batch.stream().map(Ready::onChain).toList(), batch.stream().map(Ready::proof).toList());
        List<OpenClaim> claims = batch.stream().map(Ready::claim).toList();
        List<ClaimStore.Anchoring> anchors = batch.stream().map(Ready::anchoring).toList();
        Transactor.Sent sent;
        try {
            sent = providers.get(claims.get(0).providerId()).submit(contract.submission(calldata), null,
                    (c, attempt) -> store.submitting(c, attempt.workId(), claims, anchors));
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
        metrics.counter("careledger.claims.transactions", "out", Boolean.toString(sent.out())).increment();
        LOG.infof("submitted %d claim(s) in %s (broadcast: %s)", batch.size(), sent.attempt().txHash(), sent.out());
    }

    /**
     * Each submission without a receipt is nudged by its provider's transactor (rebroadcast when
     * the node lost it, replaced when stuck); a reverted one sends its claims back, each alone; one
     * whose nonce went to another transaction sends them back too.
     */
    private void reconcileSubmitted() throws IOException, SQLException {
        Map<String, List<OpenClaim>> bySubmission = new LinkedHashMap<>();
        for (OpenClaim claim : store.submitted()) {
            bySubmission.computeIfAbsent(claim.submissionId(), t -> new ArrayList<>()).add(claim);
        }
        for (Map.Entry<String, List<OpenClaim>> submission : bySubmission.entrySet()) {
            Transactor signer = providers.get(submission.getValue().get(0).providerId());
            if (signer == null) {
                continue; // submitted by a claims app holding that provider's key
            }
            List<Attempt> attempts = signer.attempts(SettlementContract.KIND, submission.getKey());
            if (attempts.isEmpty()) {
                continue;
            }
            Optional<Mined> mined = signer.firstMined(attempts);
            if (mined.isPresent()) {
                signer.done(SettlementContract.KIND, submission.getKey());
                if (!mined.get().succeeded()) {
                    metrics.counter("careledger.claims.transactions.reverted").increment();
                    for (OpenClaim claim : submission.getValue()) {
                        store.submitAlone(claim.claimId(), "transaction reverted: submitted again alone");
                    }
                }
                continue; // a success is recorded from the contract's event at the confirmation depth
            }
            if (Duration.between(attempts.get(0).createdAt(), clock.instant()).compareTo(REBROADCAST_AFTER) < 0) {
                continue;
            }
            if (signer.nudge(attempts).nudge() == Transactor.Nudge.NONCE_TAKEN) {
                signer.done(SettlementContract.KIND, submission.getKey());
                for (OpenClaim claim : submission.getValue()) {
                    store.transition(claim.claimId(), ClaimStore.RECEIVED, "transaction dropped: submitted again", null);
                }
            }
        }
    }
}
