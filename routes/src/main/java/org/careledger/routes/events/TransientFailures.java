package org.careledger.routes.events;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What raw -> events does when a record fails. A failure of the message itself returns, and the
 * route writes its dead letter. A dependency that is unavailable throws the failure again after a
 * back-off, so the Kafka consumer (breakOnFirstError, offsets committed only after success) seeks
 * back and reads the same record again: it is never dead-lettered and its offset is not committed.
 * While that lasts the dependency is listed as degraded, which readiness reports.
 */
@ApplicationScoped
@Named("transientFailures")
public class TransientFailures {

    /** Exchange property set by replay and redrive: they answer at once rather than wait out an outage. */
    public static final String NO_WAIT = "careledgerNoBackoff";

    private static final Logger LOG = Logger.getLogger(TransientFailures.class);

    /** Per route: the dependency it waits for and since when. */
    private final Map<String, Outage> outages = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final long initialMs;
    private final long maxMs;
    private final MeterRegistry metrics;

    public TransientFailures(@ConfigProperty(name = "careledger.events.retry-initial-ms") long initialMs,
                             @ConfigProperty(name = "careledger.events.retry-max-ms") long maxMs,
                             MeterRegistry metrics) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.metrics = metrics;
    }

    /** Returns when the failure is the message's; otherwise waits and throws it again. */
    public void retryIfUnavailable(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        var dependency = FailureKind.unavailableDependency(cause);
        if (dependency.isEmpty()) {
            return;
        }
        String route = exchange.getFromRouteId();
        outages.merge(route, new Outage(dependency.get(), Instant.now()),
                (old, now) -> old.dependency().equals(now.dependency()) ? old : now);
        metrics.counter("careledger.events.retries", "dependency", dependency.get()).increment();
        if (!exchange.getProperty(NO_WAIT, false, Boolean.class)) {
            int attempt = attempts.computeIfAbsent(route, r -> new AtomicInteger()).getAndIncrement();
            long wait = Math.min(maxMs, initialMs << Math.min(attempt, 20));
            LOG.warnf("%s: %s unavailable (%s); the record is read again in %d ms, not dead-lettered",
                    route, dependency.get(), cause.getClass().getSimpleName(), wait);
            Thread.sleep(wait);
        }
        throw cause;
    }

    /** A record went through: whatever was degraded for this route works again. */
    public void succeeded(Exchange exchange) {
        AtomicInteger count = attempts.get(exchange.getFromRouteId());
        if (count != null && count.get() > 0) {
            count.set(0);
        }
        Outage ended = outages.remove(exchange.getFromRouteId());
        if (ended != null) {
            LOG.infof("%s: %s available again", exchange.getFromRouteId(), ended.dependency());
        }
    }

    /** Dependencies some route has been waiting for since its last success, each with the earliest start. */
    public Map<String, Instant> degraded() {
        Map<String, Instant> degraded = new java.util.TreeMap<>();
        outages.values().forEach(o -> degraded.merge(o.dependency(), o.since(), (a, b) -> a.isBefore(b) ? a : b));
        return degraded;
    }

    private record Outage(String dependency, Instant since) {
    }
}
