package org.careledger.tx.loops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class SupervisedLoopsTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @Test
    void aLoopThatThrowsIsStartedAgainAndIsAliveOnceItBeats() throws Exception {
        SupervisedLoops loops = new SupervisedLoops(60_000, metrics);
        AtomicInteger lives = new AtomicInteger();
        AtomicInteger beats = new AtomicInteger();
        SupervisedLoops.Loop loop = loops.start("flaky", l -> {
            if (lives.incrementAndGet() == 1) {
                throw new IllegalStateException("PostgreSQL down while partitions were assigned");
            }
            while (l.running()) {
                l.beat();
                beats.incrementAndGet();
                Thread.sleep(10);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> beats.get() > 3);
        assertThat(lives.get()).isEqualTo(2);
        assertThat(metrics.counter("careledger.loops.restarts", "loop", "flaky").count()).isEqualTo(1.0);
        assertThat(new LoopLiveness(loops).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        loops.stop(loop, () -> { }, Duration.ofSeconds(5));
    }

    @Test
    void livenessGoesDownOnceALoopHasBeenDeadForLongerThanConfiguredAndUpWhenItRecovers() throws Exception {
        SupervisedLoops loops = new SupervisedLoops(300, metrics);
        AtomicBoolean dependencyBack = new AtomicBoolean();
        SupervisedLoops.Loop loop = loops.start("anchoring", l -> {
            if (!dependencyBack.get()) {
                throw new IllegalStateException("cannot read the stored batch ranges");
            }
            while (l.running()) {
                l.beat();
                Thread.sleep(10);
            }
        });
        LoopLiveness liveness = new LoopLiveness(loops);
        await().atMost(Duration.ofSeconds(10)).until(() -> liveness.call().getStatus() == HealthCheckResponse.Status.DOWN);
        assertThat(liveness.call().getData().orElseThrow()).containsKey("anchoring");
        dependencyBack.set(true);
        // restart back-off is 1 s, then 2 s: the loop comes back by itself within a few seconds
        await().atMost(Duration.ofSeconds(15)).until(() -> liveness.call().getStatus() == HealthCheckResponse.Status.UP);
        loops.stop(loop, () -> { }, Duration.ofSeconds(5));
    }

    @Test
    void aLoopThatStopsBeatingCountsAsDead() throws Exception {
        SupervisedLoops loops = new SupervisedLoops(200, metrics);
        AtomicBoolean hang = new AtomicBoolean();
        SupervisedLoops.Loop loop = loops.start("claims", l -> {
            while (l.running()) {
                if (!hang.get()) {
                    l.beat();
                }
                Thread.sleep(10);
            }
        });
        Thread.sleep(100);
        assertThat(loops.deadLoops()).isEmpty();
        hang.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> loops.deadLoops().containsKey("claims"));
        loops.stop(loop, () -> { }, Duration.ofSeconds(5));
        assertThat(loops.names()).doesNotContain("claims");
    }
}
