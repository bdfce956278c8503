package org.careledger.claims.webhook;

import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.careledger.claims.ClaimStore;

import io.micrometer.core.instrument.MeterRegistry;
import org.careledger.claims.webhook.RetrySchedule;
import org.careledger.claims.webhook.WebhookPoster;
import org.jboss.logging.Logger;

/**
 * Delivers queued settlements to the payers' webhooks: each delivery is posted until a 2xx answer,
 * retried on the {@link RetrySchedule}, and dead-lettered (status {@code dead}, shown by
 * {@code GET /claims/{claimId}}) when the schedule's attempts are spent. The delivery id is the
 * idempotency key, the same on every attempt.
 */
public final class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final ClaimStore store;
    private final WebhookPoster poster;
    private final RetrySchedule schedule;
    private final MeterRegistry metrics;
    private final Clock clock;

    public WebhookDispatcher(ClaimStore store, WebhookPoster poster, RetrySchedule schedule, MeterRegistry metrics, Clock clock) {
        this.store = store;
        this.poster = poster;
        this.schedule = schedule;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Attempts every delivery that is due; returns how many it attempted. */
    public int step() throws SQLException {
        List<ClaimStore.Delivery> due = store.dueDeliveries(clock.instant(), 50);
        for (ClaimStore.Delivery d : due) {
            WebhookPoster.Attempt attempt = poster.post(URI.create(d.url()), d.secret(), d.deliveryId(), d.eventType(), d.payload());
            Instant now = clock.instant();
            int failed = d.attempts() + 1;
            Instant next = attempt.delivered() || !schedule.retries(failed) ? null
                    : now.plus(schedule.delayAfter(failed, ThreadLocalRandom.current().nextDouble()));
            store.attempted(d, attempt.delivered(), attempt.status(), attempt.error(), now, next);
            if (attempt.delivered()) {
                metrics.counter("careledger.webhooks.delivered").increment();
            } else if (next == null) {
                metrics.counter("careledger.webhooks.dead").increment();
                LOG.warnf("webhook delivery %s dead-lettered after %d attempts (last: %s)", d.deliveryId(), failed, attempt.error());
            } else {
                metrics.counter("careledger.webhooks.retries").increment();
            }
        }
        return due.size();
    }
}
