package org.careledger.routes.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.careledger.routes.events.TransientFailures;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while raw -> events waits for a dependency: each degraded one is named with the time
 * it first failed. Records wait on their topic meanwhile; none is dead-lettered for it.
 */
@Readiness
@ApplicationScoped
public class EventPipelineHealth implements HealthCheck {

    private final TransientFailures failures;

    public EventPipelineHealth(TransientFailures failures) {
        this.failures = failures;
    }

    @Override
    public HealthCheckResponse call() {
        var degraded = failures.degraded();
        var response = HealthCheckResponse.named("event-pipeline");
        degraded.forEach((dependency, since) -> response.withData(dependency, "unavailable since " + since));
        return degraded.isEmpty() ? response.up().build() : response.down().build();
    }
}
