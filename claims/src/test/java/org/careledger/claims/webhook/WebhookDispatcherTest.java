package org.careledger.claims.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.careledger.claims.ClaimResponses;
import org.careledger.claims.ClaimStore;
import org.careledger.contracts.claims.ClaimSubmission;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.careledger.claims.webhook.RetrySchedule;
import org.careledger.claims.webhook.WebhookPoster;
import org.careledger.claims.webhook.WebhookSignature;
import org.careledger.claims.webhook.WebhookTargets;
import org.careledger.devstack.FreePorts;
import org.careledger.devstack.testing.AnvilAndPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Payer webhooks against a real HTTP endpoint and PostgreSQL. Time is a clock the test moves, so ten
 * minutes of outage or a whole retry budget pass in seconds; the sockets and the database are real.
 */
class WebhookDispatcherTest {

    private static final String SECRET = "whsec_test_0123456789abcdef";
    private static final RetrySchedule SCHEDULE = new RetrySchedule(Duration.ofSeconds(1), Duration.ofMinutes(2), 12);

    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);

    private javax.sql.DataSource database;
    private ClaimStore store;
    private WebhookDispatcher dispatcher;
    private HttpServer server;
    private int port;
    private String claimId;

    private record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst().map(e -> e.getValue().get(0))
                    .orElse(null);
        }
    }

    @BeforeEach
    void queueOneSettlement() throws Exception {
        AnvilAndPostgres.start();
        database = AnvilAndPostgres.freshDatabase("classpath:db/claims");
        store = new ClaimStore(database, TestWebhookSecrets.SECRETS);
        // the test's receiver is on loopback: admitted by the allow-list, as an internal receiver would be
        dispatcher = new WebhookDispatcher(store, new WebhookPoster(Duration.ofSeconds(2), clock,
                new WebhookTargets(false, List.of("127.0.0.1/32"))), SCHEDULE, new SimpleMeterRegistry(), clock);
        port = FreePorts.pick();
        ClaimSubmission claim = new ClaimSubmission("ev-webhook", "pt-claim-webhook", "pt-member", "provider-a", "payer-a", "PLAN",
                20_454, "USD", "institutional", List.of(new ClaimSubmission.Line("99223", BigInteger.TEN)));
        store.insert(claim, "careledger.events.claim", 0, 1);
        claimId = claim.claimId();
        store.subscribe("sub-1", "payer-a", "http://127.0.0.1:" + port + "/settlements", SECRET);
        store.settle(new ClaimStore.Settlement(claimId, ClaimStore.SETTLED, BigInteger.TEN, List.of(BigInteger.TEN), List.of(0),
                "0x01", "0x02", "0x03", 7), "{\"settled\":true}".getBytes(StandardCharsets.UTF_8), ClaimResponses.TYPE, clock.instant());
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aWebhookDownForTenMinutesGetsTheSettlementOnceItIsBack() throws Exception {
        Instant downUntil = clock.instant().plus(Duration.ofMinutes(10));
        int failedAttempts = 0;
        while (clock.instant().isBefore(downUntil)) {
            failedAttempts += dispatcher.step();
            clock.moveTo(nextAttempt());
        }
        startServer();
        assertThat(dispatcher.step()).isEqualTo(1);

        assertThat(failedAttempts).as("retried all through the outage").isBetween(6, 11);
        assertThat(received).hasSize(1);
        Received delivery = received.get(0);
        assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).isEqualTo("{\"settled\":true}");
        assertThat(WebhookSignature.verify(SECRET, delivery.header(WebhookSignature.HEADER), delivery.body(), clock.instant(),
                Duration.ofMinutes(5))).isTrue();
        ClaimStore.DeliveryView view = store.find(claimId).orElseThrow().deliveries().get(0);
        assertThat(view.status()).isEqualTo(ClaimStore.DELIVERED);
        assertThat(view.attempts()).isEqualTo(failedAttempts + 1);
        assertThat(delivery.header(WebhookPoster.IDEMPOTENCY_HEADER)).isEqualTo(view.deliveryId());
        assertThat(dispatcher.step()).as("nothing left to send").isZero();
    }

    @Test
    void secretsAreSealedAtRestAndASecretStoredInClearIsSealedOnce() throws Exception {
        try (java.sql.Connection c = database.getConnection(); java.sql.Statement st = c.createStatement()) {
            try (java.sql.ResultSet rs = st.executeQuery("SELECT secret, secret_key_id, secret_sealed FROM payer_subscription")) {
                rs.next();
                assertThat(rs.getString(1)).isNull();
                assertThat(rs.getString(2)).isEqualTo("test-1");
                assertThat(new String(rs.getBytes(3), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
            }
            st.executeUpdate("INSERT INTO payer_subscription (subscription_id, payer_id, url, secret)"
                    + " VALUES ('sub-legacy', 'payer-b', 'https://payer.example/hook', 'whsec_legacy_0123456789')");
        }

        assertThat(store.sealClearSecrets()).isEqualTo(1);
        assertThat(store.sealClearSecrets()).as("once").isZero();
        startServer();
        assertThat(dispatcher.step()).isEqualTo(1);
        assertThat(WebhookSignature.verify(SECRET, received.get(0).header(WebhookSignature.HEADER), received.get(0).body(), clock.instant(),
                Duration.ofMinutes(5))).as("the sealed secret still signs").isTrue();
    }

    @Test
    void aWebhookAnswering500ForeverIsDeadLetteredAfterTheRetryBudgetAndShownOnTheClaim() throws Exception {
        answer.set(500);
        startServer();
        Instant start = clock.instant();
        int attempts = 0;
        while (store.find(claimId).orElseThrow().deliveries().get(0).status().equals(ClaimStore.DELIVERY_PENDING)) {
            attempts += dispatcher.step();
            clock.moveTo(nextAttempt());
            assertThat(attempts).isLessThanOrEqualTo(SCHEDULE.maxAttempts());
        }
        assertThat(attempts).isEqualTo(SCHEDULE.maxAttempts());
        assertThat(received).hasSize(SCHEDULE.maxAttempts());
        assertThat(received.stream().map(r -> r.header(WebhookPoster.IDEMPOTENCY_HEADER)).distinct()).as("one idempotency key").hasSize(1);
        assertThat(Duration.between(start, clock.instant())).isLessThanOrEqualTo(SCHEDULE.budget());

        ClaimStore.ClaimView claim = store.find(claimId).orElseThrow();
        ClaimStore.DeliveryView dead = claim.deliveries().get(0);
        assertThat(dead.status()).isEqualTo(ClaimStore.DEAD);
        assertThat(dead.lastStatus()).isEqualTo(500);
        assertThat(dead.nextAttemptAt()).isNull();
        assertThat(claim.history()).anySatisfy(h -> {
            assertThat(h.status()).isEqualTo("webhook-dead-lettered");
            assertThat(h.reason()).contains("after 12 attempts, last: HTTP 500");
        });
        assertThat(dispatcher.step()).as("a dead delivery is not tried again").isZero();
    }

    @Test
    void aPayerThatDropsTheConnectionIsRetriedAndAnsweredOnceWithTheSameKey() throws Exception {
        answer.set(503);
        startServer();
        dispatcher.step();
        clock.moveTo(nextAttempt());
        answer.set(204);
        dispatcher.step();
        assertThat(received).hasSize(2);
        assertThat(received.get(0).header(WebhookPoster.IDEMPOTENCY_HEADER)).isEqualTo(received.get(1).header(WebhookPoster.IDEMPOTENCY_HEADER));
        assertThat(store.find(claimId).orElseThrow().deliveries().get(0).status()).isEqualTo(ClaimStore.DELIVERED);
    }

    private Instant nextAttempt() throws Exception {
        ClaimStore.DeliveryView d = store.find(claimId).orElseThrow().deliveries().get(0);
        return d.nextAttemptAt() == null ? clock.instant() : d.nextAttemptAt();
    }

    private void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/settlements", exchange -> {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        server.start();
    }

    /** A clock the test moves forward. */
    private static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void moveTo(Instant t) {
            if (t.isAfter(now)) {
                now = t;
            }
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
