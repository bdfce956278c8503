package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The demo's own checks on the whole sample feed: every message acked, anchored, proven on chain;
 * the charges of two providers settled, each signed with its own key, and delivered to the sample
 * payer with a signature that checks out; no PHI anywhere, webhook bodies and settlements included.
 */
class DemoEndToEndTest {

    @Test
    void sampleFeedIsAckedAnchoredProvenAndLeavesNoPhi() throws Exception {
        Hub hub = SharedHub.get();
        SampleFeed feed = SampleFeed.load(SharedHub.home().resolve("docker/samples"));
        PhiCanaries canaries = PhiCanaries.from(feed.messages().stream().map(SampleFeed.Sample::er7).toList())
                .withFhirClaims(feed.fhirClaims());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Demo.Outcome outcome = new Demo(new PrintStream(printed, true, StandardCharsets.UTF_8)).exercise(hub, feed, canaries);

        assertThat(feed.messages()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(feed.fhirClaims()).hasSize(1);
        assertThat(outcome.acked()).isEqualTo(outcome.sent());
        assertThat(outcome.events()).isGreaterThanOrEqualTo(outcome.sent());
        assertThat(outcome.anchoredEvents()).isEqualTo(outcome.events());
        assertThat(outcome.proofsVerifiedOnChain()).isEqualTo(outcome.events());
        assertThat(outcome.batches()).isPositive();
        assertThat(outcome.phiLeaks()).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        // two DFT^P03 charges over MLLP and one FHIR Claim over HTTP
        assertThat(outcome.claimsSubmitted()).as(printed.toString(StandardCharsets.UTF_8)).isEqualTo(3);
        assertThat(outcome.claimsDecided()).isEqualTo(3);
        // each bills 250 for 99223 (200 allowed) and 48.50 for 80053; the charges' 71045 is not covered
        assertThat(outcome.claimsSettled()).isEqualTo(3);
        assertThat(outcome.paidMinorUnits()).isEqualTo(java.math.BigInteger.valueOf(3 * 248_500_000L));
        assertThat(outcome.webhooksVerified()).isEqualTo(3);
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.toJson()).startsWith("{\"sent\":").contains("\"claimsSettled\":3", "\"webhooksVerified\":3")
                .endsWith("\"phiLeaks\":0}");
    }
}
