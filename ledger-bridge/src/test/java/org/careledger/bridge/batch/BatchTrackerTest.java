package org.careledger.bridge.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.careledger.bridge.chain.AnchorContract;
import org.careledger.bridge.merkle.StandardMerkleTree;
import org.careledger.bridge.proof.ProofStore;
import org.careledger.devstack.testing.AnvilAndPostgres;
import org.careledger.devstack.testing.RpcProxy;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.EventAnchor;
import org.careledger.devstack.AnvilNode;
import org.careledger.tx.Chain.Broadcast;
import org.careledger.tx.Chain;
import org.careledger.tx.Fees;
import org.careledger.tx.NonceManager;
import org.careledger.tx.Outbox.Attempt;
import org.careledger.tx.Outbox;
import org.careledger.tx.Transactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * The batch tracker against a real anvil node and PostgreSQL, through a JSON-RPC endpoint the
 * tests can break: BAD-INPUTS 44–47 and the chain faults of issue 5.
 */
class BatchTrackerTest {

    private static final String OWNER = "tracker-test";
    private static final AtomicLong OFFSETS = new AtomicLong();

    private BatchStore store;
    private String owner = OWNER;
    private ProofStore proofs;
    private String contract;
    private RpcProxy rpc;
    private ChainSession session;
    private Chain chain;
    private AnchorContract anchors;
    private Outbox outbox;
    private NonceManager nonces;
    private SimpleMeterRegistry metrics;

    @BeforeAll
    static void stack() throws Exception {
        AnvilAndPostgres.start();
    }

    @BeforeEach
    void freshContractAndDatabase() throws Exception {
        AnvilAndPostgres.resumeMining();
        DataSource db = AnvilAndPostgres.freshDatabase("classpath:db/bridge");
        store = new BatchStore(db);
        proofs = new ProofStore(db);
        outbox = new Outbox(db);
        contract = AnvilAndPostgres.deployAnchor(AnvilNode.BRIDGE_KEY, AnvilAndPostgres.SPARE_KEY);
        rpc = new RpcProxy(AnvilAndPostgres.rpcUrl());
        useKey(AnvilNode.BRIDGE_KEY);
        metrics = new SimpleMeterRegistry();
    }

    @AfterEach
    void close() throws Exception {
        AnvilAndPostgres.resumeMining();
        session.close();
        rpc.close();
    }

    private void useKey(String key) {
        session = AnvilAndPostgres.session(rpc.url(), key);
        chain = new Chain(session);
        anchors = new AnchorContract(chain, contract);
        nonces = new NonceManager(outbox);
    }

    /** A tracker as a fresh process builds it: its own transactor on the shared outbox. */
    private BatchTracker tracker(Duration stuckAfter) {
        return new BatchTracker(anchors, transactor(stuckAfter), store,
                new BatchTracker.Settings(OWNER, 2, stuckAfter, Duration.ofSeconds(1), 16, 64), metrics, Clock.systemUTC());
    }

    private Transactor transactor(Duration stuckAfter) {
        return new Transactor(chain, outbox, nonces, new Transactor.Settings(25, stuckAfter), metrics, Clock.systemUTC());
    }

    private List<Attempt> attempts(String seed) throws Exception {
        return outbox.attempts(AnchorContract.KIND, batchId(seed));
    }

    @Test
    void storedBatchIsSentThenConfirmedAtDepthAndItsProofsVerifyOnChain() throws Exception {
        StandardMerkleTree tree = storeBatch("happy", 5);
        BatchTracker tracker = tracker(Duration.ofSeconds(30));

        advanceUntil(tracker, "happy", BatchStore.CONFIRMED);

        ProofStore.BatchRow row = proofs.batch(batchId("happy")).orElseThrow();
        assertThat(history("happy")).containsSubsequence(BatchStore.PENDING, BatchStore.SENT, BatchStore.CONFIRMED);
        assertThat(chain.headBlock() - row.blockNumber() + 1).isGreaterThanOrEqualTo(2);
        EventAnchor anchor = anchor(session);
        for (int i = 0; i < 5; i++) {
            assertThat(anchor.verify(Numeric.hexStringToByteArray(row.batchId()), eventHash("happy", i), tree.proof(i)).send()).isTrue();
            assertThat(proofs.find("happy-" + i).orElseThrow().txHash()).isEqualTo(row.txHash());
        }
    }

    @Test
    void proofIsNotServedBeforeTheBatchIsConfirmed() throws Exception {
        storeBatch("early", 2);
        AnvilAndPostgres.stopMining();
        tracker(Duration.ofSeconds(60)).advance();

        assertThat(status("early")).isEqualTo(BatchStore.SENT);
        assertThat(proofs.find("early-0")).isEmpty();
    }

    @Test
    void batchesInFlightGetConsecutiveNoncesBeforeAnyIsMined() throws Exception {
        AnvilAndPostgres.stopMining();
        for (String seed : List.of("flight-a", "flight-b", "flight-c")) {
            storeBatch(seed, 2);
        }
        BatchTracker tracker = tracker(Duration.ofSeconds(60));

        tracker.advance();

        long first = attempts("flight-a").get(0).nonce();
        assertThat(attempts("flight-b").get(0).nonce()).isEqualTo(first + 1);
        assertThat(attempts("flight-c").get(0).nonce()).isEqualTo(first + 2);
        AnvilAndPostgres.resumeMining();
        for (String seed : List.of("flight-a", "flight-b", "flight-c")) {
            advanceUntil(tracker, seed, BatchStore.CONFIRMED);
        }
    }

    @Test
    void crashAfterSigningBeforeBroadcastRebroadcastsTheStoredTransactionWithItsNonce() throws Exception {
        storeBatch("crash", 3);
        long chainNonce = chain.pendingNonce();
        // what the tracker stores before broadcasting; then the process dies
        Attempt stored = signAndStore("crash", chainNonce, chain.currentFees(), BigInteger.valueOf(100_000));

        BatchTracker restarted = tracker(Duration.ofSeconds(30));
        advanceUntil(restarted, "crash", BatchStore.CONFIRMED);

        assertThat(proofs.batch(batchId("crash")).orElseThrow().txHash()).isEqualTo(stored.txHash());
        assertThat(attempts("crash")).hasSize(1);
        assertThat(chain.minedNonce()).isEqualTo(chainNonce + 1);
    }

    @Test
    void noncesStoredForTheSameKeyOnAnotherChainDoNotOpenAGapOnThisOne() throws Exception {
        // the same key's open attempt on another chain: the row differs from this chain's only by its chain id
        long farAhead = chain.pendingNonce() + 50;
        outbox.save(new Attempt("0x" + "ab".repeat(32), AnchorContract.KIND, "a batch on another chain", AnvilNode.CHAIN_ID + 1,
                chain.sender(), contract, farAhead, chain.currentFees(), BigInteger.valueOf(100_000), "0x00", Instant.now()), c -> { });
        storeBatch("this-chain", 2);
        BatchTracker tracker = tracker(Duration.ofSeconds(30));

        advanceUntil(tracker, "this-chain", BatchStore.CONFIRMED);

        assertThat(attempts("this-chain").get(0).nonce()).isLessThan(farAhead).isLessThan(chain.pendingNonce());
    }

    @Test
    void batchAnchoredByAnotherProcessWithTheSameRootCountsAsAnchored() throws Exception {
        StandardMerkleTree tree = storeBatch("elsewhere", 3);
        try (ChainSession other = AnvilAndPostgres.session(AnvilAndPostgres.rpcUrl(), AnvilAndPostgres.SPARE_KEY)) {
            anchor(other).anchor(Numeric.hexStringToByteArray(batchId("elsewhere")), tree.root(), BigInteger.valueOf(3)).send();
        }

        advanceUntil(tracker(Duration.ofSeconds(30)), "elsewhere", BatchStore.CONFIRMED);

        assertThat(attempts("elsewhere")).isEmpty();
    }

    @Test
    void batchIdAnchoredWithAnotherRootIsFailedAndCounted() throws Exception {
        storeBatch("conflict", 3);
        try (ChainSession other = AnvilAndPostgres.session(AnvilAndPostgres.rpcUrl(), AnvilAndPostgres.SPARE_KEY)) {
            anchor(other).anchor(Numeric.hexStringToByteArray(batchId("conflict")), Hash.sha3("forged".getBytes()), BigInteger.ONE).send();
        }

        tracker(Duration.ofSeconds(30)).advance();

        assertThat(status("conflict")).isEqualTo(BatchStore.FAILED);
        assertThat(metrics.counter("careledger.ledger.root.conflicts").count()).isEqualTo(1.0);
        assertThat(proofs.find("conflict-0")).isEmpty();
    }

    @Test
    void stuckTransactionIsReplacedWithTheSameNonceAndBothFeesRaisedAnEighth() throws Exception {
        storeBatch("stuck", 3);
        BatchTracker tracker = tracker(Duration.ofSeconds(2));
        AnvilAndPostgres.stopMining();
        tracker.advance();
        Attempt original = attempts("stuck").get(0);

        Thread.sleep(2_500);
        tracker.advance();

        List<Attempt> attempts = attempts("stuck");
        assertThat(attempts).hasSize(2);
        Attempt replacement = attempts.get(0);
        assertThat(replacement.nonce()).isEqualTo(original.nonce());
        assertThat(new BigDecimal(replacement.fees().maxFeePerGas()))
                .isGreaterThanOrEqualTo(new BigDecimal(original.fees().maxFeePerGas()).multiply(new BigDecimal("1.125")));
        assertThat(new BigDecimal(replacement.fees().maxPriorityFeePerGas()))
                .isGreaterThanOrEqualTo(new BigDecimal(original.fees().maxPriorityFeePerGas()).multiply(new BigDecimal("1.125")));
        AnvilAndPostgres.resumeMining();
        advanceUntil(tracker, "stuck", BatchStore.CONFIRMED);
        assertThat(proofs.batch(batchId("stuck")).orElseThrow().txHash()).isEqualTo(replacement.txHash());
        assertThat(chain.minedNonce()).isEqualTo(original.nonce() + 1);
    }

    @Test
    void originalMinedAfterAnUnderpricedReplacementStillSettlesTheBatch() throws Exception {
        storeBatch("original", 3);
        BatchTracker tracker = tracker(Duration.ofSeconds(60));
        AnvilAndPostgres.stopMining();
        tracker.advance();
        Attempt original = attempts("original").get(0);
        Fees lower = new Fees(original.fees().maxFeePerGas().multiply(BigInteger.valueOf(95)).divide(BigInteger.valueOf(100)),
                original.fees().maxPriorityFeePerGas().multiply(BigInteger.valueOf(95)).divide(BigInteger.valueOf(100)));
        Attempt weak = signAndStore("original", original.nonce(), lower, original.gasLimit());

        assertThat(chain.broadcast(weak.rawTx())).isEqualTo(Broadcast.UNDERPRICED);
        AnvilAndPostgres.resumeMining();
        Thread.sleep(2_500);
        advanceUntil(tracker, "original", BatchStore.CONFIRMED);

        assertThat(proofs.batch(batchId("original")).orElseThrow().txHash()).isEqualTo(original.txHash());
    }

    @Test
    void receiptThatDoesNotComeLeavesTheBatchSentNeverFailed() throws Exception {
        storeBatch("unknown", 2);
        BatchTracker tracker = tracker(Duration.ofSeconds(60));
        AnvilAndPostgres.stopMining();
        for (int i = 0; i < 8; i++) {
            tracker.advance();
            Thread.sleep(250);
        }
        String sentHash = attempts("unknown").get(0).txHash();
        assertThat(status("unknown")).isEqualTo(BatchStore.SENT);

        AnvilAndPostgres.resumeMining();
        advanceUntil(tracker, "unknown", BatchStore.CONFIRMED);

        assertThat(history("unknown")).doesNotContain(BatchStore.FAILED);
        assertThat(attempts("unknown")).hasSize(1);
        assertThat(proofs.batch(batchId("unknown")).orElseThrow().txHash()).isEqualTo(sentHash);
    }

    @Test
    void nonceTakenByAnotherProcessIsLeftToItAndTheBatchAnchorsWithTheNext() throws Exception {
        BatchTracker tracker = tracker(Duration.ofSeconds(30));
        storeBatch("before", 2);
        advanceUntil(tracker, "before", BatchStore.CONFIRMED);
        // another process signs with the same key and takes the nonce the tracker would use next
        long taken = chain.pendingNonce();
        try (ChainSession other = AnvilAndPostgres.session(AnvilAndPostgres.rpcUrl(), AnvilNode.BRIDGE_KEY)) {
            new Transfer(other.web3j(), new RawTransactionManager(other.web3j(), Credentials.create(AnvilNode.BRIDGE_KEY),
                    AnvilNode.CHAIN_ID)).sendFunds(other.address(), BigDecimal.ONE, Convert.Unit.WEI).send();
        }

        storeBatch("after", 2);
        advanceUntil(tracker, "after", BatchStore.CONFIRMED);

        assertThat(attempts("after")).extracting(Attempt::nonce).containsExactly(taken + 1, taken);
        assertThat(metrics.counter("careledger.tx.nonce.taken", "kind", AnchorContract.KIND).count()).isEqualTo(1.0);
    }

    @Test
    void outOfGasReceiptIsRetriedWithTwiceTheGasLimit() throws Exception {
        storeBatch("oog", 3);
        // signed by an earlier run with too small a limit: the intrinsic gas fits, the root's SSTORE does not
        Attempt starved = signAndStore("oog", nonces.reserve(chain), chain.currentFees(), BigInteger.valueOf(30_000));
        chain.broadcast(starved.rawTx());
        Thread.sleep(2_500);

        advanceUntil(tracker(Duration.ofSeconds(30)), "oog", BatchStore.CONFIRMED);

        assertThat(history("oog")).containsSubsequence(BatchStore.FAILED, BatchStore.SENT, BatchStore.CONFIRMED);
        assertThat(proofs.history(batchId("oog"))).anyMatch(h -> "out-of-gas".equals(h.reason()));
        assertThat(attempts("oog").get(0).gasLimit()).isGreaterThanOrEqualTo(BigInteger.valueOf(60_000));
    }

    @Test
    void revertWhilePausedLeavesTheBatchFailedWithTheReasonUntilUnpaused() throws Exception {
        try (ChainSession admin = AnvilAndPostgres.session(AnvilAndPostgres.rpcUrl(), AnvilNode.DEPLOYER_KEY)) {
            anchor(admin).pause().send();
            storeBatch("paused", 2);
            BatchTracker tracker = tracker(Duration.ofSeconds(30));

            tracker.advance();

            assertThat(status("paused")).isEqualTo(BatchStore.FAILED);
            assertThat(proofs.batch(batchId("paused")).orElseThrow().statusReason()).isEqualTo("EnforcedPause");
            assertThat(attempts("paused")).isEmpty();
            anchor(admin).unpause().send();
            advanceUntil(tracker, "paused", BatchStore.CONFIRMED);
        }
    }

    @Test
    void keyWithoutTheAnchorRoleIsRefusedByNameAndSendsNothing() throws Exception {
        useKey("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
        storeBatch("stranger", 2);

        tracker(Duration.ofSeconds(30)).advance();

        assertThat(status("stranger")).isEqualTo(BatchStore.FAILED);
        assertThat(proofs.batch(batchId("stranger")).orElseThrow().statusReason()).isEqualTo("AccessControlUnauthorizedAccount");
        assertThat(attempts("stranger")).isEmpty();
    }

    @Test
    void reorganisedAnchorGoesBackToReorgedAndIsConfirmedAgainInItsNewBlock() throws Exception {
        String snapshot = AnvilAndPostgres.anvil("evm_snapshot");
        StandardMerkleTree tree = storeBatch("reorg", 4);
        BatchTracker tracker = tracker(Duration.ofSeconds(30));
        advanceUntil(tracker, "reorg", BatchStore.CONFIRMED);
        String firstBlockHash = blockHash("reorg");

        AnvilAndPostgres.anvil("evm_revert", snapshot);
        assertThat(anchors.rootOf(Numeric.hexStringToByteArray(batchId("reorg")))).isEmpty();
        assertThat(tracker.watchReorgs()).isEqualTo(1);
        assertThat(status("reorg")).isEqualTo(BatchStore.REORGED);
        assertThat(proofs.find("reorg-2")).isEmpty();
        advanceUntil(tracker, "reorg", BatchStore.CONFIRMED);

        // the new block can even hash the same (same parent, transaction and timestamp): what matters is
        // that the stored block is the canonical one now
        String txHash = proofs.batch(batchId("reorg")).orElseThrow().txHash();
        assertThat(blockHash("reorg")).isEqualTo(chain.receipt(txHash).orElseThrow().blockHash());
        assertThat(firstBlockHash).isNotNull();
        assertThat(history("reorg")).containsSubsequence(BatchStore.CONFIRMED, BatchStore.REORGED, BatchStore.SENT, BatchStore.CONFIRMED);
        assertThat(anchor(session).verify(Numeric.hexStringToByteArray(batchId("reorg")), eventHash("reorg", 2), tree.proof(2)).send()).isTrue();
        assertThat(proofs.find("reorg-2").orElseThrow().blockNumber()).isEqualTo(proofs.batch(batchId("reorg")).orElseThrow().blockNumber());
    }

    @Test
    void rpcDownForSixtySecondsDuringABatchResumesWithNothingLostOrResent() throws Exception {
        storeBatch("outage", 3);
        BatchTracker tracker = tracker(Duration.ofMinutes(5));
        tracker.advance();
        String sent = attempts("outage").get(0).txHash();

        rpc.mode(RpcProxy.Mode.DOWN);
        storeBatch("during-outage", 2);
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int failures = 0;
        while (System.nanoTime() < until) {
            assertThatThrownBy(tracker::advance).isInstanceOf(IOException.class);
            failures++;
            Thread.sleep(5_000);
        }
        rpc.mode(RpcProxy.Mode.FORWARD);
        advanceUntil(tracker, "outage", BatchStore.CONFIRMED);
        advanceUntil(tracker, "during-outage", BatchStore.CONFIRMED);

        assertThat(failures).isGreaterThanOrEqualTo(10);
        assertThat(attempts("outage")).extracting(Attempt::txHash).containsExactly(sent);
        assertThat(history("outage")).doesNotContain(BatchStore.FAILED);
    }

    @Test
    void nodeLaggingBehindTheChainDoesNotConfirmABatchItsHeadHasNotBuriedDeepEnough() throws Exception {
        storeBatch("lagging", 2);
        BatchTracker tracker = tracker(Duration.ofMinutes(5));
        long minedIn = -1;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); minedIn < 0 && System.nanoTime() < deadline; ) {
            tracker.advance();
            String tx = attempts("lagging").isEmpty() ? null : attempts("lagging").get(0).txHash();
            minedIn = tx == null ? -1 : chain.receipt(tx).map(Chain.Mined::blockNumber).orElse(-1L);
            Thread.sleep(250);
        }

        rpc.lagAt(minedIn - 3);
        Thread.sleep(3_000);
        for (int i = 0; i < 6; i++) {
            tracker.advance();
            Thread.sleep(250);
        }
        assertThat(status("lagging")).isNotEqualTo(BatchStore.CONFIRMED);

        rpc.mode(RpcProxy.Mode.FORWARD);
        advanceUntil(tracker, "lagging", BatchStore.CONFIRMED);
    }

    @Test
    void rpcAnsweringGarbageHttp500OrErrorsChangesNothingUntilItRecovers() throws Exception {
        storeBatch("garbage", 3);
        BatchTracker tracker = tracker(Duration.ofMinutes(5));
        tracker.advance();

        for (RpcProxy.Mode broken : List.of(RpcProxy.Mode.GARBAGE, RpcProxy.Mode.HTTP_500, RpcProxy.Mode.RPC_ERROR)) {
            rpc.mode(broken);
            assertThatThrownBy(tracker::advance).as(broken.name()).isInstanceOf(IOException.class);
        }
        rpc.mode(RpcProxy.Mode.FORWARD);
        advanceUntil(tracker, "garbage", BatchStore.CONFIRMED);

        assertThat(attempts("garbage")).hasSize(1);
        assertThat(history("garbage")).doesNotContain(BatchStore.FAILED).endsWith(BatchStore.CONFIRMED);
    }

    // --- helpers ---

    @Test
    void anAttemptStoredForABatchAnotherRootTookStillGoesOutSoLaterNoncesAreNotStuckBehindIt() throws Exception {
        storeBatch("conflict-after-crash", 3);
        long nonce = chain.pendingNonce();
        // stored by a process that died before broadcasting; meanwhile another anchors the id with another root
        signAndStore("conflict-after-crash", nonce, chain.currentFees(), BigInteger.valueOf(100_000));
        try (ChainSession other = AnvilAndPostgres.session(AnvilAndPostgres.rpcUrl(), AnvilAndPostgres.SPARE_KEY)) {
            anchor(other).anchor(Numeric.hexStringToByteArray(batchId("conflict-after-crash")), Hash.sha3("forged".getBytes()),
                    BigInteger.ONE).send();
        }
        BatchTracker tracker = tracker(Duration.ofSeconds(30));
        tracker.advance();
        storeBatch("behind-it", 2);

        advanceUntil(tracker, "behind-it", BatchStore.CONFIRMED);

        assertThat(status("conflict-after-crash")).isEqualTo(BatchStore.FAILED);
        assertThat(chain.minedNonce()).as("the stored nonce was used, by the attempt that reverted").isGreaterThan(nonce + 1);
        assertThat(attempts("behind-it").get(0).nonce()).isEqualTo(nonce + 1);
    }

    private EventAnchor anchor(ChainSession as) {
        return EventAnchor.load(contract, as.web3j(), as.transactions(), as.gas());
    }

    private StandardMerkleTree storeBatch(String seed, int events) throws Exception {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            hashes.add(eventHash(seed, i));
        }
        StandardMerkleTree tree = StandardMerkleTree.of(hashes);
        long first = OFFSETS.getAndAdd(events);
        List<ProofStore.StoredProof> stored = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            stored.add(new ProofStore.StoredProof(seed + "-" + i, Numeric.toHexString(hashes.get(i)), Numeric.toHexString(tree.leaf(i)), i,
                    tree.proof(i).stream().map(Numeric::toHexString).toList(), "events", 0, first + i));
        }
        TopicPartition tp = new TopicPartition("events", 0);
        store.savePending(new BatchStore.ClosedBatch(batchId(seed), Numeric.toHexString(tree.root()), events,
                "events-0:" + first + "-" + (first + events - 1), List.of(new BatchStore.Range(tp, first, first + events - 1)),
                chain.chainId(), contract, owner), stored);
        return tree;
    }

    private Attempt signAndStore(String seed, long nonce, Fees fees, BigInteger gasLimit) throws Exception {
        BatchStore.OpenBatch batch = store.unresolved(owner, 100).stream()
                .filter(b -> b.batchId().equals(batchId(seed))).findFirst().orElseThrow();
        return transactor(Duration.ofMinutes(5)).signAndStore(tracker(Duration.ofMinutes(5)).call(batch), nonce, fees, gasLimit,
                Transactor.Alongside.NOTHING);
    }

    private static byte[] eventHash(String seed, int i) {
        return Hash.sha3((seed + "/" + i).getBytes());
    }

    private static String batchId(String seed) {
        return Numeric.toHexString(Hash.sha3(("batch/" + seed).getBytes()));
    }

    private String status(String seed) throws Exception {
        return proofs.batch(batchId(seed)).orElseThrow().status();
    }

    private String blockHash(String seed) throws Exception {
        return store.confirmedSince(OWNER, 0).stream().filter(b -> b.batchId().equals(batchId(seed))).findFirst().orElseThrow().blockHash();
    }

    private List<String> history(String seed) throws Exception {
        return proofs.history(batchId(seed)).stream().map(ProofStore.StatusChange::status).toList();
    }

    private void advanceUntil(BatchTracker tracker, String seed, String wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!wanted.equals(status(seed))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("batch " + seed + " is " + status(seed) + ", not " + wanted + "; history " + history(seed));
            }
            tracker.advance();
            Thread.sleep(250);
        }
    }
}
