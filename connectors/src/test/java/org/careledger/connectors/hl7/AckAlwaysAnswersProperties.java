package org.careledger.connectors.hl7;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the damage to MSH, a message is answered with exactly one MSA: when it is refused, when
 * it is admitted and stored, and when the durable write failed; in original and enhanced mode.
 */
class AckAlwaysAnswersProperties {

    private final Hl7Intake intake;
    private final String original;
    private final String enhanced;

    AckAlwaysAnswersProperties() throws IOException {
        var context = Hl7Parsing.newContext();
        intake = new Hl7Intake(context, new AckFactory(context, "CARELEDGER"), StandardCharsets.UTF_8,
                new IntakePolicy(1 << 20, IntakePolicy.HAPI_VERSIONS, Set.of("P"), new IntakePolicy.SupportedMessages() {
                    @Override
                    public boolean supportsType(String messageCode) {
                        return true;
                    }

                    @Override
                    public boolean supportsTrigger(String messageCode, String triggerEvent) {
                        return true;
                    }
                }));
        try (InputStream in = getClass().getResourceAsStream("/hl7/adt-a01-v25.hl7")) {
            original = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        enhanced = original.replaceFirst("\\|P\\|2\\.5\r", "|P|2.5|||AL|NE\r");
    }

    @Provide
    Arbitrary<List<DamagedHeaders.Damage>> damages() {
        return DamagedHeaders.damages();
    }

    @Property(tries = 1500)
    void everyDamagedHeaderGetsExactlyOneMsaInOriginalMode(@ForAll("damages") List<DamagedHeaders.Damage> damage) {
        assertEveryOutcomeAnswersOnce(DamagedHeaders.apply(original, damage));
    }

    @Property(tries = 1500)
    void everyDamagedHeaderGetsExactlyOneMsaInEnhancedMode(@ForAll("damages") List<DamagedHeaders.Damage> damage) {
        assertEveryOutcomeAnswersOnce(DamagedHeaders.apply(enhanced, damage));
    }

    private void assertEveryOutcomeAnswersOnce(String message) {
        byte[] raw = message.getBytes(StandardCharsets.ISO_8859_1);
        Assume.that(DamagedHeaders.answerIsDue(raw));

        Hl7Intake.Inspection inspection = intake.inspect(raw);

        if (!inspection.isAdmitted()) {
            DamagedHeaders.assertOneMsa(inspection.refusal());
            return;
        }
        DamagedHeaders.assertOneMsa(intake.accepted(inspection).orElse(null));
        DamagedHeaders.assertOneMsa(intake.failed(inspection).orElse(null));
        DamagedHeaders.assertOneMsa(intake.unexpectedFailure(raw).orElse(null));
    }
}
