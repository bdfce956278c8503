package org.careledger.connectors.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class Hl7IntakeTest {

    private final Hl7Intake intake = newIntake();

    private static Hl7Intake newIntake() {
        var context = Hl7Parsing.newContext();
        return new Hl7Intake(context, new AckFactory(context, "CARELEDGER"), StandardCharsets.UTF_8);
    }

    private static byte[] file(String name) throws IOException {
        try (InputStream in = Hl7IntakeTest.class.getResourceAsStream("/hl7/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Fields of one segment of an ACK, 1-based as in the standard (MSH-1 is the separator). */
    private static String field(String ack, String segment, int n) {
        for (String line : ack.split("\r")) {
            if (line.startsWith(segment + "|")) {
                List<String> f = Arrays.asList(line.split("\\|", -1));
                int index = segment.equals("MSH") ? n - 1 : n;
                return index < f.size() ? f.get(index) : "";
            }
        }
        throw new AssertionError("no " + segment + " in ACK");
    }

    @Test
    void acceptedAckSwapsSenderAndReceiverAndEchoesControlId() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("adt-a01-v25.hl7"));
        assertThat(inspection.isAdmitted()).isTrue();

        String ack = new String(intake.accepted(inspection), StandardCharsets.UTF_8);

        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
        assertThat(field(ack, "MSH", 3)).isEqualTo("CARELEDGER");
        assertThat(field(ack, "MSH", 4)).isEqualTo("HUB");
        assertThat(field(ack, "MSH", 5)).isEqualTo("EPICADT");
        assertThat(field(ack, "MSH", 6)).isEqualTo("STMARYS");
        assertThat(field(ack, "MSH", 9)).startsWith("ACK");
        assertThat(field(ack, "MSH", 10)).isNotEmpty().isNotEqualTo("CTRL1001");
        assertThat(field(ack, "MSH", 12)).isEqualTo("2.5");
        assertThat(ack).doesNotContain("ERR|");
    }

    @Test
    void ackKeepsTheVersionOfTheMessage() throws Exception {
        String ack = new String(intake.accepted(intake.inspect(file("adt-a01-v23.hl7"))), StandardCharsets.UTF_8);

        assertThat(field(ack, "MSH", 12)).isEqualTo("2.3");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
    }

    @Test
    void freshControlIdForEveryAck() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("adt-a01-v25.hl7"));

        String first = field(new String(intake.accepted(inspection), StandardCharsets.UTF_8), "MSH", 10);
        String second = field(new String(intake.accepted(inspection), StandardCharsets.UTF_8), "MSH", 10);

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void refusesBytesWithoutMshWithArAndErr() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("not-hl7.txt"));

        assertThat(inspection.isAdmitted()).isFalse();
        assertThat(inspection.refusalReason()).isEqualTo("no-msh");
        String ack = new String(inspection.refusal(), StandardCharsets.UTF_8);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(ack).contains("ERR|").contains("100").doesNotContain("Quillfeather");
    }

    @Test
    void refusesEmptyMessageWithAr() {
        Hl7Intake.Inspection inspection = intake.inspect(new byte[0]);

        assertThat(inspection.isAdmitted()).isFalse();
        assertThat(field(new String(inspection.refusal(), StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AR");
    }

    @Test
    void answersAeWithErrForAMessageThatDoesNotParseWithoutEchoingContent() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("msh-9-missing.hl7"));

        assertThat(inspection.isAdmitted()).isFalse();
        assertThat(inspection.refusalReason()).isEqualTo("parse-error");
        String ack = new String(inspection.refusal(), StandardCharsets.UTF_8);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
        assertThat(field(ack, "MSH", 5)).isEqualTo("EPICADT");
        assertThat(ack).contains("ERR|");
        for (String phi : List.of("Quillfeather", "Ambrose", "MRN7731001", "19720314", "Larkspur")) {
            assertThat(ack).doesNotContain(phi);
        }
    }

    @Test
    void failedDurableWriteAnswersAeWithApplicationErrorNeverAa() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("adt-a01-v25.hl7"));

        String ack = new String(intake.failed(inspection), StandardCharsets.UTF_8);

        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
        assertThat(ack).contains("ERR|").contains("207");
    }

    @Test
    void acceptsLineFeedSegmentSeparators() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("adt-a01-lf-separators.hl7"));

        assertThat(inspection.isAdmitted()).isTrue();
        assertThat(inspection.header().controlId()).isEqualTo("CTRL1001");
        assertThat(field(new String(intake.accepted(inspection), StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
    }
}
