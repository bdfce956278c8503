package org.careledger.connectors.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * Posts one signed delivery. Only a 2xx answer counts as delivered; anything else (an error status,
 * a refused connection, a timeout) is a failed attempt the caller retries. The payload is the same
 * bytes on every attempt and carries the same idempotency key, so a payer that saw an attempt whose
 * answer was lost can drop the repeat.
 */
public final class WebhookPoster {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public WebhookPoster(Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.clock = clock;
    }

    /** What happened to one attempt: the HTTP status (0 when none came back) and, on failure, why. */
    public record Attempt(boolean delivered, int status, String error) {
    }

    public Attempt post(URI url, String secret, String idempotencyKey, String eventType, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(IDEMPOTENCY_HEADER, idempotencyKey)
                .header("CareLedger-Event-Type", eventType)
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            boolean ok = status >= 200 && status < 300;
            return new Attempt(ok, status, ok ? null : "HTTP " + status);
        } catch (IOException e) {
            // the class names the failure (refused, timed out, reset); messages can echo the URL's secrets
            return new Attempt(false, 0, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(false, 0, "interrupted");
        }
    }
}
