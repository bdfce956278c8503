package org.careledger.tx.loops;

import java.time.Duration;

/** The wait after consecutive failures of a loop: one second, doubling up to a cap, reset by a success. */
public final class Backoff {

    private static final Duration FIRST = Duration.ofSeconds(1);

    private final Duration max;
    private Duration current = Duration.ZERO;

    public Backoff(Duration max) {
        this.max = max;
    }

    /** Records a failure and returns how long to wait before the next try. */
    public Duration failed() {
        Duration doubled = current.isZero() ? FIRST : current.multipliedBy(2);
        current = doubled.compareTo(max) <= 0 ? doubled : max;
        return current;
    }

    public void succeeded() {
        current = Duration.ZERO;
    }

    /** Sleeps, keeping the thread's interrupt for its owner to see. */
    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
