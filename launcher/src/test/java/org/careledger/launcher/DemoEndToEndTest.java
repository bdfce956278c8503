package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The demo's own checks on the whole sample feed: every message acked, anchored, proven on chain, no PHI anywhere. */
class DemoEndToEndTest {

    @Test
    void sampleFeedIsAckedAnchoredProvenAndLeavesNoPhi() throws Exception {
        Hub hub = SharedHub.get();
        SampleFeed feed = SampleFeed.load(SharedHub.home().resolve("docker/samples"));
        PhiCanaries canaries = PhiCanaries.from(feed.messages().stream().map(SampleFeed.Sample::er7).toList());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Demo.Outcome outcome = new Demo(new PrintStream(printed, true, StandardCharsets.UTF_8)).exercise(hub, feed, canaries);

        assertThat(feed.messages()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(outcome.acked()).isEqualTo(outcome.sent());
        assertThat(outcome.events()).isGreaterThanOrEqualTo(outcome.sent());
        assertThat(outcome.anchoredEvents()).isEqualTo(outcome.events());
        assertThat(outcome.proofsVerifiedOnChain()).isEqualTo(outcome.events());
        assertThat(outcome.batches()).isPositive();
        assertThat(outcome.phiLeaks()).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(outcome.toJson()).startsWith("{\"sent\":").endsWith("\"phiLeaks\":0}");
    }
}
