package org.careledger.launcher;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.careledger.connectors.hl7.DamagedHeaders;

/**
 * The connectors property on the real listener: a framed message (start and end block) whose MSH
 * is damaged at random gets exactly one ACK frame with one MSA, over a real socket, in original and
 * enhanced mode. Fewer tries than the unit property, since every try is a round trip to the hub.
 */
class MllpAlwaysAnswersEndToEndTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Provide
    Arbitrary<List<DamagedHeaders.Damage>> damages() {
        return DamagedHeaders.damages();
    }

    @Property(tries = 40)
    void aDamagedHeaderGetsExactlyOneMsaOverMllpInOriginalMode(@ForAll("damages") List<DamagedHeaders.Damage> damage) throws Exception {
        assertOneAckFrame(DamagedHeaders.apply(SharedHub.admission(nextControlId()), damage));
    }

    @Property(tries = 40)
    void aDamagedHeaderGetsExactlyOneMsaOverMllpInEnhancedMode(@ForAll("damages") List<DamagedHeaders.Damage> damage) throws Exception {
        String enhanced = SharedHub.admission(nextControlId()).replace("|P|2.5\r", "|P|2.5|||AL|NE\r");
        assertOneAckFrame(DamagedHeaders.apply(enhanced, damage));
    }

    private static String nextControlId() {
        return "E2E-DMG-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }

    private static void assertOneAckFrame(String message) throws Exception {
        // Latin-1: every char of the damage becomes exactly one byte on the wire, NUL and 0xFF included
        byte[] raw = message.getBytes(StandardCharsets.ISO_8859_1);
        Assume.that(DamagedHeaders.answerIsDue(raw));
        try (RawMllpPeer peer = new RawMllpPeer(SharedHub.get().ports().mllp())) {
            RawMllpPeer.Outcome outcome = peer.write(RawMllpPeer.frame(raw)).await(1, 30_000);
            if (outcome.acks().size() != 1) {
                throw new AssertionError("expected one ACK frame, got " + outcome.acks().size() + "; connection " + outcome.end());
            }
            DamagedHeaders.assertOneMsa(outcome.acks().get(0).getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
