package org.careledger.tx.loops;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN when a loop has been dead for longer than careledger.loops.dead-after-ms: a bridge whose
 * anchoring or settlement does not come back by itself is one to restart, not to keep serving proofs.
 */
@Liveness
@ApplicationScoped
public class LoopLiveness implements HealthCheck {

    private final SupervisedLoops loops;

    public LoopLiveness(SupervisedLoops loops) {
        this.loops = loops;
    }

    @Override
    public HealthCheckResponse call() {
        var dead = loops.deadLoops();
        var response = HealthCheckResponse.named("bridge-loops").withData("loops", String.join(",", loops.names()));
        dead.forEach((name, d) -> response.withData(name, "dead for " + d.toSeconds() + " s"));
        return dead.isEmpty() ? response.up().build() : response.down().build();
    }
}
