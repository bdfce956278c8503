package org.careledger.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.careledger.contracts.claims.ClaimSubmission;
import org.careledger.contracts.claims.OnChainClaim;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.careledger.claims.webhook.TestWebhookSecrets;
import org.careledger.contracts.ChainSession;
import org.careledger.devstack.AnvilNode;
import org.careledger.devstack.testing.AnvilAndPostgres;
import org.careledger.devstack.testing.ClaimsChain;
import org.careledger.devstack.testing.RpcProxy;
import org.careledger.devstack.testing.TestKafka;
import org.careledger.platform.kafka.OwnTopic;
import org.careledger.tx.Chain;
import org.careledger.tx.NonceManager;
import org.careledger.tx.Outbox;
import org.careledger.tx.Transactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The claims app's settlement on anvil, PostgreSQL and Kafka: claims stored as the intake stores
 * them, anchored as one-leaf batches whose proofs a bridge serves over HTTP, then submitted, settled
 * and published by the real submitter and follower. One deployment serves the class; each test has its own members and policies.
 */
class ClaimSettlementFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long YEAR_2026 = LocalDate.of(2026, 1, 1).toEpochDay();
    private static final String PAYER = "payer-bcbs";
    private static final String PROVIDER = "provider-st-marys";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static ClaimsChain chain;
    private static DataSource db;
    private static ClaimStore store;
    private static ChainSession providerSession;
    private static KafkaProducer<String, byte[]> producer;
    private static ClaimSubmitter submitter;
    private static SettlementContract settlement;
    private static Outbox outbox;
    private static NonceManager nonces;
    private static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();
    private static final List<ChainSession> SESSIONS = new java.util.ArrayList<>();
    private static SettlementFollower follower;
    private static String topic;
    private static ProofServer bridge;

    @BeforeAll
    static void deploy() throws Exception {
        chain = new ClaimsChain();
        chain.fund(1_000);
        db = AnvilAndPostgres.freshDatabase("classpath:db/claims");
        bridge = new ProofServer();
        store = new ClaimStore(db, TestWebhookSecrets.SECRETS);
        providerSession = ClaimsChain.session(ClaimsChain.PROVIDER_KEY);
        outbox = new Outbox(db);
        nonces = new NonceManager(outbox);
        Chain providerChain = new Chain(providerSession);
        settlement = new SettlementContract(providerChain, chain.settlement.getContractAddress());
        producer = TestKafka.producer();
        topic = "careledger.claims.settlements.flow-test";
        submitter = submitter(Map.of(PROVIDER, transactor(providerChain, nonces)));
        follower = new SettlementFollower(settlement, store, new ClaimResponses(AnvilNode.CHAIN_ID, settlement.address(),
                settlement.tokenDecimals()), producer, new OwnTopic(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                new org.careledger.platform.kafka.TopicSpec(topic, 1, (short) 1, 1)), 1, METRICS, Clock.systemUTC());
    }

    /** A submitter as a claims process builds it, signing for the providers whose transactors it is given. */
    private static ClaimSubmitter submitter(Map<String, Transactor> providers) {
        return new ClaimSubmitter(settlement, providers, store, new BridgeProofs(bridge.url(), AnvilNode.CHAIN_ID), new ClaimSubmitter.Settings(20, Duration.ZERO,
                Duration.ZERO), METRICS, Clock.systemUTC());
    }

    private static Transactor transactor(Chain chain, NonceManager nonces) {
        return new Transactor(chain, outbox, nonces, new Transactor.Settings(25, Duration.ofMinutes(5)), METRICS, Clock.systemUTC());
    }

    /** Registers another provider with its own signing key and a fresh payout address; returns that address. */
    private static String provider(String providerId, String keyAddress) throws Exception {
        String payout = "0x" + org.web3j.crypto.Keys.getAddress(org.web3j.crypto.Keys.createEcKeyPair());
        chain.registry.register(ClaimsChain.id(providerId), ClaimsChain.PROVIDER, payout).send();
        chain.registry.addKey(ClaimsChain.id(providerId), keyAddress).send();
        return payout;
    }

    @AfterAll
    static void close() {
        SESSIONS.forEach(ChainSession::close);
        producer.close();
        providerSession.close();
        chain.close();
        bridge.close();
    }

    // ---- the claim's way through ----

    @Test
    void aCoveredClaimIsPaidToTheProviderAndPublishedAsAClaimResponse() throws Exception {
        String member = member();
        policy("PLAN-A", member, YEAR_2026, YEAR_2026 + 364, List.of("99223", "80053"), List.of(200L, 60L));
        BigInteger before = chain.balanceOf(chain.providerPayout);
        ClaimSubmission claim = claim(member, PAYER, "PLAN-A", PROVIDER, line("99223", 250), line("80053", 48.5), line("71045", 90));

        ClaimStore.ClaimView settled = submitAndSettle(claim);

        assertThat(settled.status()).isEqualTo(ClaimStore.PARTIALLY_SETTLED);
        assertThat(settled.paid()).isEqualTo("248500000");
        assertThat(chain.balanceOf(chain.providerPayout).subtract(before)).isEqualTo(BigInteger.valueOf(248_500_000));
        assertThat(settled.lineOutcomes().toString()).isEqualTo("[1,0,2]");
        assertThat(settled.history().stream().map(ClaimStore.StatusChange::status))
                .containsSubsequence(ClaimStore.RECEIVED, ClaimStore.SUBMITTED, ClaimStore.PARTIALLY_SETTLED);

        JsonNode response = published(settled.claimId()).at("/data/entry/0/resource");
        assertThat(response.path("resourceType").asText()).isEqualTo("ClaimResponse");
        assertThat(response.path("outcome").asText()).isEqualTo("partial");
        assertThat(response.at("/type/coding/0/code").asText()).as("the claim's own type").isEqualTo("professional");
        assertThat(response.at("/payment/amount/value").decimalValue()).isEqualByComparingTo("248.5");
        assertThat(response.at("/item/2/adjudication/1/reason/coding/0/code").asText()).isEqualTo("code-not-covered");
        assertThat(response.at("/extension/0/extension/2/valueString").asText()).as("the anchored event hash backs the payment")
                .isEqualTo(settled.eventHash());
    }

    @Test
    void anUnregisteredPayerIsRefusedWithoutATransaction() throws Exception {
        ClaimStore.ClaimView refused = submitAndSettle(claim(member(), "payer-nobody", "PLAN-A", PROVIDER, line("99223", 10)));
        assertThat(refused.status()).isEqualTo(ClaimStore.REJECTED);
        assertThat(refused.statusReason()).isEqualTo("payer-not-registered");
        assertThat(refused.txHash()).isNull();
    }

    @Test
    void aPlanThePayerNeverRegisteredIsRefused() throws Exception {
        ClaimStore.ClaimView refused = submitAndSettle(claim(member(), PAYER, "PLAN-NONE", PROVIDER, line("99223", 10)));
        assertThat(refused.statusReason()).isEqualTo("policy-not-registered");
    }

    @Test
    void anUnregisteredProviderIsRefused() throws Exception {
        ClaimStore.ClaimView refused = submitAndSettle(claim(member(), PAYER, "PLAN-A", "clinic-nobody", line("99223", 10)));
        assertThat(refused.status()).isEqualTo(ClaimStore.REJECTED);
        assertThat(refused.statusReason()).isEqualTo("provider-not-registered");
    }

    @Test
    void aMemberWithoutCoverageIsDeniedAndNothingIsPaid() throws Exception {
        policy("PLAN-B", member(), YEAR_2026, YEAR_2026 + 364, List.of("99223"), List.of(200L));
        BigInteger before = chain.balanceOf(chain.providerPayout);
        ClaimStore.ClaimView denied = submitAndSettle(claim(member(), PAYER, "PLAN-B", PROVIDER, line("99223", 10)));
        assertThat(denied.status()).isEqualTo(ClaimStore.DENIED);
        assertThat(denied.lineOutcomes().toString()).isEqualTo("[4]");
        assertThat(chain.balanceOf(chain.providerPayout)).isEqualTo(before);
        JsonNode response = published(denied.claimId()).at("/data/entry/0/resource");
        assertThat(response.path("disposition").asText()).isEqualTo("denied");
        assertThat(response.has("payment")).isFalse();
    }

    @Test
    void expiredCoverageIsDenied() throws Exception {
        String member = member();
        policy("PLAN-C", member, YEAR_2026 - 365, YEAR_2026 - 1, List.of("99223"), List.of(200L));
        ClaimStore.ClaimView denied = submitAndSettle(claim(member, PAYER, "PLAN-C", PROVIDER, line("99223", 10)));
        assertThat(denied.status()).isEqualTo(ClaimStore.DENIED);
        assertThat(denied.lineOutcomes().toString()).isEqualTo("[5]");
    }

    @Test
    void unknownCodesAndZeroLinesAreDeniedLineByLine() throws Exception {
        String member = member();
        policy("PLAN-D", member, YEAR_2026, YEAR_2026 + 364, List.of("99223"), List.of(200L));
        ClaimStore.ClaimView partial = submitAndSettle(claim(member, PAYER, "PLAN-D", PROVIDER, line("99223", 10), line("XXXXX", 5),
                line("99223", 0)));
        assertThat(partial.status()).isEqualTo(ClaimStore.PARTIALLY_SETTLED);
        assertThat(partial.lineOutcomes().toString()).isEqualTo("[0,2,3]");
        assertThat(partial.paid()).isEqualTo("10000000");
    }

    @Test
    void aDuplicateClaimIdIsRefusedAtIntakeAndPaidOnce() throws Exception {
        String member = member();
        policy("PLAN-E", member, YEAR_2026, YEAR_2026 + 364, List.of("99223"), List.of(200L));
        ClaimSubmission first = claim(member, PAYER, "PLAN-E", PROVIDER, line("99223", 10));
        ClaimSubmission again = new ClaimSubmission("ev-other-" + SEQ.incrementAndGet(), first.claimKey(), member, PROVIDER, PAYER,
                "PLAN-E", YEAR_2026, "USD", "institutional", first.lines());
        BigInteger before = chain.balanceOf(chain.providerPayout);
        ClaimStore.ClaimView settled = submitAndSettle(first);
        assertThat(store.insert(again, "careledger.events.claim", 0, 9_999)).isEqualTo(ClaimStore.Intake.DUPLICATE_CLAIM);
        assertThat(store.insert(first, "careledger.events.claim", 0, 9_998)).isEqualTo(ClaimStore.Intake.SAME_EVENT);
        settleAll();
        assertThat(chain.balanceOf(chain.providerPayout).subtract(before)).isEqualTo(BigInteger.valueOf(10_000_000));
        assertThat(store.find(settled.claimId()).orElseThrow().history().stream().map(ClaimStore.StatusChange::status))
                .contains("duplicate-refused");
    }

    @Test
    void aClaimTheEscrowCannotCoverWaitsAndIsPaidWhenThePayerTopsUp() throws Exception {
        String member = member();
        try (ChainSession payer = smallPayer("payer-small", ClaimsChain.STRANGER_KEY, 15)) {
            chainPolicy(payer, "payer-small/PLAN-S", member, List.of("99223"), List.of(200L));
            ClaimSubmission claim = claim(member, "payer-small", "PLAN-S", PROVIDER, line("99223", 20));
            ClaimStore.ClaimView waiting = submitAndSettle(claim);
            assertThat(waiting.status()).isEqualTo(ClaimStore.PENDING_ESCROW);
            assertThat(waiting.statusReason()).isEqualTo("escrow-too-small");
            assertThat(waiting.txHash()).isNull();

            fund(payer, 10);
            ClaimStore.ClaimView paid = settleUntil(v -> v.claimId().equals(claim.claimId())
                    && Set.of(ClaimStore.RECEIVED, ClaimStore.SUBMITTED, ClaimStore.PENDING_ESCROW).contains(v.status())).stream()
                    .filter(v -> v.claimId().equals(claim.claimId())).findFirst().orElseThrow();
            assertThat(paid.status()).isEqualTo(ClaimStore.SETTLED);
            assertThat(paid.paid()).isEqualTo("20000000");
            assertThat(paid.history().stream().map(ClaimStore.StatusChange::status))
                    .containsSubsequence(ClaimStore.PENDING_ESCROW, ClaimStore.SUBMITTED, ClaimStore.SETTLED);
        }
    }

    @Test
    void aBatchOneClaimSpoilsIsSplitAndTheOthersAreStillPaid() throws Exception {
        String member = member();
        try (ChainSession payer = smallPayer("payer-tight", AnvilAndPostgres.SPARE_KEY, 25)) {
            chainPolicy(payer, "payer-tight/PLAN-T", member, List.of("99223"), List.of(200L));
            List<ClaimSubmission> claims = List.of(claim(member, "payer-tight", "PLAN-T", PROVIDER, line("99223", 10)),
                    claim(member, "payer-tight", "PLAN-T", PROVIDER, line("99223", 10)),
                    claim(member, "payer-tight", "PLAN-T", PROVIDER, line("99223", 10)));
            for (ClaimSubmission c : claims) {
                store.insert(c, "careledger.events.claim", 0, SEQ.incrementAndGet());
                anchor(c);
            }
            BigInteger before = chain.balanceOf(chain.providerPayout);
            List<ClaimStore.ClaimView> after = settleAll().stream()
                    .filter(v -> claims.stream().anyMatch(c -> c.claimId().equals(v.claimId()))).toList();
            assertThat(after.stream().map(ClaimStore.ClaimView::status))
                    .containsExactlyInAnyOrder(ClaimStore.SETTLED, ClaimStore.SETTLED, ClaimStore.PENDING_ESCROW);
            assertThat(chain.balanceOf(chain.providerPayout).subtract(before)).isEqualTo(BigInteger.valueOf(20_000_000));
            assertThat(after).allSatisfy(v -> assertThat(v.history().stream().map(ClaimStore.StatusChange::reason))
                    .anyMatch(r -> r != null && r.startsWith("batch refused (ClaimSettlementInsufficientEscrow)")));
        }
    }

    // ---- one transaction layer, many providers ----

    @Test
    void aSubmitterKilledBetweenStoringAndBroadcastingSendsTheSamePayloadWithTheSameNonceAfterARestart() throws Exception {
        ChainSession direct = key(CRASH_PROVIDER_KEY, AnvilAndPostgres.rpcUrl());
        String payout = provider("provider-crash", direct.address());
        String member = member();
        policy("PLAN-K", member, YEAR_2026, YEAR_2026 + 364, List.of("99223"), List.of(200L));
        ClaimSubmission first = claim(member, PAYER, "PLAN-K", "provider-crash", line("99223", 30));
        storeAnchored(first);
        try (RpcProxy rpc = new RpcProxy(AnvilAndPostgres.rpcUrl())) {
            Chain viaProxy = new Chain(key(CRASH_PROVIDER_KEY, rpc.url()));
            rpc.refuse("eth_sendRawTransaction");
            ClaimSubmitter dying = submitter(Map.of("provider-crash", transactor(viaProxy, new NonceManager(outbox))));

            assertThatThrownBy(dying::step).isInstanceOf(IOException.class);
        }
        ClaimStore.ClaimView stored = store.find(first.claimId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ClaimStore.SUBMITTED);
        List<Outbox.Attempt> attempts = outbox.attempts(SettlementContract.KIND, stored.txHash());
        assertThat(attempts).hasSize(1);
        Chain chainOfKey = new Chain(direct);
        assertThat(chainOfKey.knows(attempts.get(0).txHash())).as("never broadcast").isFalse();

        // the restarted process: a fresh nonce sequence, the same outbox; a new claim arrives meanwhile
        ClaimSubmission second = claim(member, PAYER, "PLAN-K", "provider-crash", line("99223", 20));
        storeAnchored(second);
        ClaimSubmitter restarted = submitter(Map.of("provider-crash", transactor(chainOfKey, new NonceManager(outbox))));
        BigInteger before = chain.balanceOf(payout);
        List<ClaimStore.ClaimView> after = settleUntil(restarted, v -> v.providerId().equals("provider-crash")
                && Set.of(ClaimStore.RECEIVED, ClaimStore.SUBMITTED).contains(v.status()));

        ClaimStore.ClaimView settledFirst = viewOf(after, first);
        assertThat(settledFirst.status()).isEqualTo(ClaimStore.SETTLED);
        assertThat(settledFirst.txHash()).as("the stored bytes went out: same payload, same nonce").isEqualTo(attempts.get(0).txHash());
        assertThat(outbox.attempts(SettlementContract.KIND, attempts.get(0).workId())).hasSize(1);
        Outbox.Attempt next = outbox.attempts(SettlementContract.KIND, submissionOf(viewOf(after, second))).get(0);
        assertThat(next.nonce()).as("the new claim's nonce comes after the stored one").isEqualTo(attempts.get(0).nonce() + 1);
        assertThat(viewOf(after, second).status()).isEqualTo(ClaimStore.SETTLED);
        assertThat(chain.balanceOf(payout).subtract(before)).isEqualTo(BigInteger.valueOf(50_000_000));
    }

    @Test
    void oneSubmitterSettlesClaimsOfTwoProvidersEachSignedWithItsOwnKey() throws Exception {
        ChainSession secondKey = key(SECOND_PROVIDER_KEY, AnvilAndPostgres.rpcUrl());
        String secondPayout = provider("provider-second", secondKey.address());
        String member = member();
        policy("PLAN-2P", member, YEAR_2026, YEAR_2026 + 364, List.of("99223"), List.of(200L));
        ClaimSubmission ofFirst = claim(member, PAYER, "PLAN-2P", PROVIDER, line("99223", 11));
        ClaimSubmission ofSecond = claim(member, PAYER, "PLAN-2P", "provider-second", line("99223", 12));
        storeAnchored(ofFirst, ofSecond);
        BigInteger firstBefore = chain.balanceOf(chain.providerPayout);
        ClaimSubmitter both = submitter(Map.of(PROVIDER, transactor(new Chain(providerSession), nonces),
                "provider-second", transactor(new Chain(secondKey), nonces)));

        List<ClaimStore.ClaimView> after = settleUntil(both, v -> Set.of(ClaimStore.RECEIVED, ClaimStore.SUBMITTED).contains(v.status()));

        for (ClaimSubmission c : List.of(ofFirst, ofSecond)) {
            ClaimStore.ClaimView v = viewOf(after, c);
            assertThat(v.status()).as(c.providerId()).isEqualTo(ClaimStore.SETTLED);
            String signer = outbox.attempts(SettlementContract.KIND, submissionOf(v)).get(0).sender();
            assertThat(signer).as("signed by " + c.providerId() + "'s key")
                    .isEqualToIgnoringCase(c.providerId().equals(PROVIDER) ? providerSession.address() : secondKey.address());
        }
        assertThat(chain.balanceOf(chain.providerPayout).subtract(firstBefore)).isEqualTo(BigInteger.valueOf(11_000_000));
        assertThat(chain.balanceOf(secondPayout)).isEqualTo(BigInteger.valueOf(12_000_000));
    }

    @Test
    void aRegisteredProviderWhoseKeyIsNotHeldWaitsInsteadOfBeingRefused() throws Exception {
        // a key another claims process holds: only its address is known here
        provider("provider-elsewhere", "0x" + org.web3j.crypto.Keys.getAddress(org.web3j.crypto.Keys.createEcKeyPair()));
        ClaimSubmission claim = claim(member(), PAYER, "PLAN-A", "provider-elsewhere", line("99223", 10));
        storeAnchored(claim);

        submitter.step();

        ClaimStore.ClaimView waiting = store.find(claim.claimId()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(ClaimStore.RECEIVED);
        assertThat(waiting.statusReason()).isEqualTo("provider-key-not-held");
        store.transition(claim.claimId(), ClaimStore.REJECTED, "test over", null); // not moving for the other tests' loops
    }

    // ---- the helpers ----

    /** Anvil accounts 7 and 8: no other test of this module signs with them. */
    private static final String CRASH_PROVIDER_KEY = "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356";
    private static final String SECOND_PROVIDER_KEY = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97";

    /** Stores claims as the intake does and anchors each one's event as a confirmed batch. */
    private static void storeAnchored(ClaimSubmission... claims) throws Exception {
        for (ClaimSubmission c : claims) {
            store.insert(c, "careledger.events.claim", 0, SEQ.incrementAndGet());
            anchor(c);
        }
    }

    private static ClaimStore.ClaimView viewOf(List<ClaimStore.ClaimView> views, ClaimSubmission claim) {
        return views.stream().filter(v -> v.claimId().equals(claim.claimId())).findFirst().orElseThrow();
    }

    /** The outbox work id of the claim's submission: its history names it at the submitted step. */
    private static String submissionOf(ClaimStore.ClaimView claim) {
        return claim.history().stream().filter(h -> ClaimStore.SUBMITTED.equals(h.status())).findFirst().orElseThrow().txHash();
    }

    private static ChainSession key(String key, String rpcUrl) {
        ChainSession session = AnvilAndPostgres.session(rpcUrl, key);
        SESSIONS.add(session);
        return session;
    }

    /** Registers another payer with its own key and escrow. */
    private static ChainSession smallPayer(String payerId, String key, long escrowUsd) throws Exception {
        ChainSession payer = ClaimsChain.session(key);
        chain.registry.register(ClaimsChain.id(payerId), ClaimsChain.PAYER, payer.address()).send();
        chain.registry.addKey(ClaimsChain.id(payerId), payer.address()).send();
        chain.token.mint(payer.address(), ClaimsChain.usd(1_000)).send();
        fund(payer, escrowUsd);
        return payer;
    }

    private static void fund(ChainSession payer, long usd) throws Exception {
        chain.tokenAs(payer).approve(chain.settlement.getContractAddress(), ClaimsChain.usd(usd)).send();
        chain.as(payer).fund(ClaimsChain.usd(usd)).send();
    }

    private static void chainPolicy(ChainSession payer, String policyKey, String member, List<String> codes, List<Long> allowedUsd)
            throws Exception {
        var asPayer = chain.as(payer);
        byte[] policyId = ClaimSubmission.id(policyKey);
        asPayer.registerPolicy(policyId, ClaimsChain.usd(10_000), BigInteger.ZERO).send();
        asPayer.setAllowedAmounts(policyId, codes.stream().map(ClaimSubmission::id).toList(),
                allowedUsd.stream().map(ClaimsChain::usd).toList()).send();
        asPayer.setMemberCoverage(policyId, List.of(ClaimSubmission.id(member)), List.of(BigInteger.valueOf(YEAR_2026)),
                List.of(BigInteger.valueOf(YEAR_2026 + 364))).send();
    }

    private static String member() {
        return "pt-flow-" + SEQ.incrementAndGet();
    }

    private static void policy(String plan, String member, long from, long until, List<String> codes, List<Long> allowedUsd)
            throws Exception {
        chain.policy(ClaimSubmission.policyKey(PAYER, plan), 10_000, 0, codes, allowedUsd, ClaimSubmission.id(member), from, until);
    }

    private static ClaimSubmission.Line line(String code, double usd) {
        return new ClaimSubmission.Line(code, java.math.BigDecimal.valueOf(usd).movePointRight(6).toBigIntegerExact());
    }

    private static ClaimSubmission claim(String member, String payer, String plan, String provider, ClaimSubmission.Line... lines) {
        int n = SEQ.incrementAndGet();
        return new ClaimSubmission("ev-flow-" + n, "pt-claim-flow-" + n, member, provider, payer, plan, YEAR_2026, "USD", "professional",
                List.of(lines));
    }

    /** Stores the claim, anchors its event as a confirmed one-event batch, and runs the bridge until it is decided. */
    private static ClaimStore.ClaimView submitAndSettle(ClaimSubmission claim) throws Exception {
        assertThat(store.insert(claim, "careledger.events.claim", 0, SEQ.incrementAndGet())).isEqualTo(ClaimStore.Intake.STORED);
        anchor(claim);
        return settleAll().stream().filter(v -> v.claimId().equals(claim.claimId())).findFirst().orElseThrow();
    }

    /** Runs submitter and follower until no stored claim is still on its way (received or submitted). */
    static List<ClaimStore.ClaimView> settleAll() throws Exception {
        return settleUntil(v -> Set.of(ClaimStore.RECEIVED, ClaimStore.SUBMITTED).contains(v.status()));
    }

    /** Runs submitter and follower until no stored claim is still moving. */
    static List<ClaimStore.ClaimView> settleUntil(java.util.function.Predicate<ClaimStore.ClaimView> moving) throws Exception {
        return settleUntil(submitter, moving);
    }

    /** Runs this submitter and the follower until no stored claim is still moving. */
    static List<ClaimStore.ClaimView> settleUntil(ClaimSubmitter submitter, java.util.function.Predicate<ClaimStore.ClaimView> moving)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            submitter.step();
            follower.step();
            List<ClaimStore.ClaimView> all = allClaims();
            if (all.stream().noneMatch(moving)) {
                return all;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("claims still moving after 60 s: " + all.stream().map(c -> c.status() + " " + c.statusReason()).toList());
            }
            Thread.sleep(200);
        }
    }

    private static List<ClaimStore.ClaimView> allClaims() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        try (Connection c = db.getConnection(); var rs = c.createStatement().executeQuery("SELECT claim_id FROM claim")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        List<ClaimStore.ClaimView> views = new java.util.ArrayList<>();
        for (String id : ids) {
            views.add(store.find(id).orElseThrow());
        }
        return views;
    }

    /** Anchors the claim's leaf as a one-leaf batch on chain, then has the bridge serve its proof, as it does once confirmed. */
    static void anchor(ClaimSubmission claim) throws Exception {
        String eventId = claim.eventId();
        byte[] eventHash = ClaimsChain.id("event:" + eventId + ":" + chain.settlement.getContractAddress());
        byte[] batchId = ClaimsChain.id("batch:" + eventId + ":" + chain.settlement.getContractAddress());
        byte[] claimLeaf = org.careledger.contracts.ClaimLeaf.value(OnChainClaim.of(claim, batchId, eventHash));
        byte[] root = Hash.sha3(Hash.sha3(claimLeaf));
        var receipt = chain.anchor.anchor(batchId, root, BigInteger.ONE).send();
        bridge.publish(eventId, Map.of("eventId", eventId, "eventHash", Numeric.toHexString(eventHash), "batchId", Numeric.toHexString(batchId),
                "chainId", AnvilNode.CHAIN_ID, "contract", chain.anchor.getContractAddress(), "txHash", receipt.getTransactionHash(),
                "blockNumber", receipt.getBlockNumber().longValueExact(), "claimLeafProof", List.of()));
    }

    private static JsonNode published(String claimId) throws Exception {
        List<ConsumerRecord<String, byte[]>> records = TestKafka.readAll(topic).stream().filter(r -> claimId.equals(r.key())).toList();
        assertThat(records).as("one settlement record for " + claimId).hasSize(1);
        return JSON.readTree(records.get(0).value());
    }
}
