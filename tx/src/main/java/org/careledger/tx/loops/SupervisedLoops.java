package org.careledger.tx.loops;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.careledger.tx.loops.Backoff;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The bridge's long-running loops (anchoring, claim settlement, webhook delivery), each on its own
 * thread that runs the loop's body again after a back-off whenever it throws, for example when
 * PostgreSQL is down during a consumer rebalance. The body sets up what it needs (its Kafka
 * consumer) each time, so a restart starts clean. A loop is dead from the moment its body fails
 * until it beats again, and also when it has not beaten for {@code careledger.loops.dead-after-ms}
 * (a hang); liveness goes DOWN once a loop has been dead for longer than that.
 */
@ApplicationScoped
public class SupervisedLoops {

    private static final Logger LOG = Logger.getLogger(SupervisedLoops.class);
    private static final Duration MAX_RESTART_WAIT = Duration.ofSeconds(30);

    /** A loop's body: returns only when {@link Loop#running()} is false. */
    public interface Body {
        void run(Loop loop) throws Exception;
    }

    /** What a body sees of its supervision. */
    public static final class Loop {
        private final String name;
        private final Backoff restarts = new Backoff(MAX_RESTART_WAIT);
        private volatile boolean stopping;
        private volatile long lastBeatNanos = System.nanoTime();
        /** 0 while alive. */
        private volatile long deadSinceNanos;
        private Thread thread;

        private Loop(String name) {
            this.name = name;
        }

        /** Called by the body once per iteration that got through. */
        public void beat() {
            lastBeatNanos = System.nanoTime();
            if (deadSinceNanos != 0) {
                deadSinceNanos = 0;
                restarts.succeeded();
                LOG.infof("%s loop running again", name);
            }
        }

        public boolean running() {
            return !stopping;
        }

        /** How long this loop has been dead, or zero while it is alive. */
        Duration deadFor(long now, Duration hangAfter) {
            long since = deadSinceNanos;
            if (since != 0) {
                return Duration.ofNanos(now - since);
            }
            long silent = now - lastBeatNanos;
            return silent > hangAfter.toNanos() ? Duration.ofNanos(silent) : Duration.ZERO;
        }
    }

    private final Map<String, Loop> loops = new ConcurrentHashMap<>();
    private final Duration deadAfter;
    private final MeterRegistry metrics;

    public SupervisedLoops(@ConfigProperty(name = "careledger.loops.dead-after-ms") long deadAfterMs, MeterRegistry metrics) {
        this.deadAfter = Duration.ofMillis(deadAfterMs);
        this.metrics = metrics;
    }

    public Loop start(String name, Body body) {
        Loop loop = new Loop(name);
        loops.put(name, loop);
        loop.thread = new Thread(() -> supervise(loop, body), "careledger-" + name);
        loop.thread.start();
        return loop;
    }

    private void supervise(Loop loop, Body body) {
        while (loop.running()) {
            try {
                body.run(loop);
                if (loop.running()) {
                    throw new IllegalStateException("the loop returned while the bridge runs");
                }
            } catch (Throwable failure) {
                if (!loop.running()) {
                    break;
                }
                if (loop.deadSinceNanos == 0) {
                    loop.deadSinceNanos = System.nanoTime();
                }
                Duration wait = loop.restarts.failed();
                metrics.counter("careledger.loops.restarts", "loop", loop.name).increment();
                LOG.errorf("%s loop stopped (%s: %s); restarting in %d s", loop.name, failure.getClass().getSimpleName(),
                        failure.getMessage(), wait.toSeconds());
                Backoff.sleep(wait);
                Thread.interrupted();
            }
        }
    }

    /** Asks the loop to stop; {@code wake} unblocks its body (a consumer's wakeup), then waits for it. */
    public void stop(Loop loop, Runnable wake, Duration timeout) throws InterruptedException {
        if (loop == null) {
            return;
        }
        loop.stopping = true;
        wake.run();
        // out of a back-off sleep; a body clears the flag before it closes its consumer
        loop.thread.interrupt();
        loop.thread.join(timeout.toMillis());
        loops.remove(loop.name, loop);
    }

    /** Each loop that has been dead for longer than the configured time, with for how long. */
    public Map<String, Duration> deadLoops() {
        long now = System.nanoTime();
        Map<String, Duration> dead = new TreeMap<>();
        loops.values().forEach(loop -> {
            Duration d = loop.deadFor(now, deadAfter);
            if (d.compareTo(deadAfter) > 0) {
                dead.put(loop.name, d);
            }
        });
        return dead;
    }

    public java.util.Set<String> names() {
        return new java.util.TreeSet<>(loops.keySet());
    }
}
