package org.careledger.claims.webhook;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Posts one signed delivery. Only a 2xx answer counts as delivered; anything else (an error status,
 * a redirect, a refused connection, a timeout, a target the {@link WebhookTargets} refuse) is a
 * failed attempt the caller retries. The payload is the same bytes on every attempt and carries the
 * same idempotency key, so a payer that saw an attempt whose answer was lost can drop the repeat.
 *
 * <p>The client resolves names through {@link WebhookTargets#resolve}, so it connects only to
 * addresses that passed the check at that moment, while TLS still verifies the URL's host name.
 * Redirects are never followed, and no proxy or cookie from the environment is used.
 */
public final class WebhookPoster implements AutoCloseable {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final CloseableHttpClient http;
    private final WebhookTargets targets;
    private final Clock clock;

    public WebhookPoster(Duration timeout, Clock clock, WebhookTargets targets) {
        int millis = Math.toIntExact(timeout.toMillis());
        this.http = HttpClients.custom()
                .setDnsResolver(targets::resolve)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis)
                        .setConnectionRequestTimeout(millis).build())
                .build();
        this.targets = targets;
        this.clock = clock;
    }

    /** What happened to one attempt: the HTTP status (0 when none came back) and, on failure, why. */
    public record Attempt(boolean delivered, int status, String error) {
    }

    public Attempt post(URI url, String secret, String idempotencyKey, String eventType, byte[] body) {
        if (targets.formRefusal(url).isPresent()) {
            // the address rules run inside the client, on the addresses it connects to: one resolution, not two
            return new Attempt(false, 0, "target-refused");
        }
        HttpPost request = new HttpPost(url);
        request.setHeader(IDEMPOTENCY_HEADER, idempotencyKey);
        request.setHeader("CareLedger-Event-Type", eventType);
        request.setHeader(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant(), body));
        request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        try (CloseableHttpResponse response = http.execute(request)) {
            EntityUtils.consumeQuietly(response.getEntity());
            int status = response.getStatusLine().getStatusCode();
            boolean ok = status >= 200 && status < 300;
            return new Attempt(ok, status, ok ? null : "HTTP " + status);
        } catch (WebhookTargets.RefusedAddress e) {
            return new Attempt(false, 0, "target-refused");
        } catch (IOException e) {
            // the class names the failure (refused, timed out, reset); messages can echo the URL's secrets
            return new Attempt(false, 0, e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
