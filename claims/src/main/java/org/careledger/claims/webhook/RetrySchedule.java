package org.careledger.claims.webhook;

import java.time.Duration;

/**
 * Exponential back-off for webhook deliveries: the first retry after {@code initial}, each next one
 * twice as late, capped at {@code max}, with up to 20% random extra so that a payer coming back from
 * an outage is not hit by every delivery at the same instant. After {@code maxAttempts} failed
 * attempts the delivery is dead-lettered.
 */
public record RetrySchedule(Duration initial, Duration max, int maxAttempts) {

    public RetrySchedule {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("retry schedule: initial > 0, max >= initial, maxAttempts >= 1");
        }
    }

    /** Whether a delivery that has failed this many times gets another attempt. */
    public boolean retries(int failedAttempts) {
        return failedAttempts < maxAttempts;
    }

    /** The wait after the n-th failed attempt (n from 1); {@code jitter} in [0, 1). */
    public Duration delayAfter(int failedAttempts, double jitter) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 40);
        long millis = Math.min(initial.toMillis() << Math.min(doublings, 30), max.toMillis());
        return Duration.ofMillis(millis + (long) (millis * 0.2 * jitter));
    }

    /** The longest a delivery can stay undelivered before it is dead-lettered (jitter at its largest). */
    public Duration budget() {
        Duration total = Duration.ZERO;
        for (int n = 1; n < maxAttempts; n++) {
            total = total.plus(delayAfter(n, 1.0));
        }
        return total;
    }
}
