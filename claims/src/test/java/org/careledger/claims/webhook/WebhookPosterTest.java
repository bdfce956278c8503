package org.careledger.claims.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery over real sockets: redirects are not followed, and names are checked when the delivery connects. */
class WebhookPosterTest {

    private final AtomicInteger hitsOnTheInternalTarget = new AtomicInteger();
    private HttpServer internal;
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (internal != null) {
            internal.stop(0);
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpServer startInternalTarget(String host) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, freePort()), 0);
        server.createContext("/", exchange -> {
            hitsOnTheInternalTarget.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void aRedirectToLoopbackIsNotFollowed() throws Exception {
        internal = startInternalTarget("127.0.0.2");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", freePort()), 0);
        String target = "http://127.0.0.2:" + internal.getAddress().getPort() + "/admin";
        receiver.createContext("/hook", exchange -> {
            exchange.getResponseHeaders().add("Location", target);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        receiver.start();
        // the payer's receiver itself is admitted; the address it redirects to is not
        WebhookPoster poster = new WebhookPoster(Duration.ofSeconds(2), Clock.systemUTC(), new WebhookTargets(false, List.of("127.0.0.1/32")));

        WebhookPoster.Attempt attempt = poster.post(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                "whsec_0123456789abcdef", "dlv-1", "org.careledger.claim.settled.v1", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(attempt.delivered()).isFalse();
        assertThat(attempt.status()).isEqualTo(302);
        assertThat(hitsOnTheInternalTarget).hasValue(0);
        poster.close();
    }

    @Test
    void aNameIsCheckedWhenTheDeliveryConnectsSoItCannotReachLoopback() throws Exception {
        internal = startInternalTarget("127.0.0.1");
        WebhookPoster poster = new WebhookPoster(Duration.ofSeconds(2), Clock.systemUTC(), new WebhookTargets(false, List.of()));

        WebhookPoster.Attempt byName = poster.post(URI.create("http://localhost:" + internal.getAddress().getPort() + "/hook"),
                "whsec_0123456789abcdef", "dlv-2", "org.careledger.claim.settled.v1", "{}".getBytes(StandardCharsets.UTF_8));
        WebhookPoster.Attempt literal = poster.post(URI.create("http://127.0.0.1:" + internal.getAddress().getPort() + "/hook"),
                "whsec_0123456789abcdef", "dlv-3", "org.careledger.claim.settled.v1", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(byName).isEqualTo(new WebhookPoster.Attempt(false, 0, "target-refused"));
        assertThat(literal).isEqualTo(new WebhookPoster.Attempt(false, 0, "target-refused"));
        assertThat(hitsOnTheInternalTarget).hasValue(0);
        poster.close();
    }

    @Test
    void anAdmittedReceiverGetsTheSignedDelivery() throws Exception {
        internal = startInternalTarget("127.0.0.1");
        WebhookPoster poster = new WebhookPoster(Duration.ofSeconds(2), Clock.systemUTC(), new WebhookTargets(false, List.of("127.0.0.1")));

        WebhookPoster.Attempt attempt = poster.post(URI.create("http://127.0.0.1:" + internal.getAddress().getPort() + "/hook"),
                "whsec_0123456789abcdef", "dlv-4", "org.careledger.claim.settled.v1", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(attempt).isEqualTo(new WebhookPoster.Attempt(true, 204, null));
        assertThat(hitsOnTheInternalTarget).hasValue(1);
        poster.close();
    }
}
