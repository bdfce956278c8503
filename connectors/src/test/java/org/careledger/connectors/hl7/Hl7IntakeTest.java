package org.careledger.connectors.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class Hl7IntakeTest {

    private static final int MAX_BYTES = 64 * 1024;

    private final Hl7Intake intake = newIntake();

    /** Accepts ADT^A01/A03/A04/A08 only, like a feed with only the ADT mapping. */
    private static final IntakePolicy.SupportedMessages ADT_ONLY = new IntakePolicy.SupportedMessages() {
        @Override
        public boolean supportsType(String messageCode) {
            return messageCode.equals("ADT");
        }

        @Override
        public boolean supportsTrigger(String messageCode, String triggerEvent) {
            return Set.of("A01", "A03", "A04", "A08").contains(triggerEvent);
        }
    };

    private static Hl7Intake newIntake() {
        var context = Hl7Parsing.newContext();
        return new Hl7Intake(context, new AckFactory(context, "CARELEDGER"), StandardCharsets.UTF_8,
                new IntakePolicy(MAX_BYTES, IntakePolicy.HAPI_VERSIONS, Set.of("P"), ADT_ONLY));
    }

    private static String text(java.util.Optional<byte[]> ack) {
        return new String(ack.orElseThrow(() -> new AssertionError("no ACK was due")), StandardCharsets.UTF_8);
    }

    private static String text(byte[] ack) {
        return new String(ack, StandardCharsets.UTF_8);
    }

    private static byte[] withMsh(String file, String from, String to) throws IOException {
        String msg = new String(file(file), StandardCharsets.UTF_8);
        String msh = msg.substring(0, msg.indexOf('\r'));
        return (msh.replace(from, to) + msg.substring(msg.indexOf('\r'))).getBytes(StandardCharsets.UTF_8);
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
    void messageOverTheSizeLimitGetsArNamingTheLimitAndNotTheContent() throws Exception {
        String msg = new String(file("adt-a01-v25.hl7"), StandardCharsets.UTF_8);
        byte[] big = (msg + "NTE|1||" + "Quillfeather ".repeat(MAX_BYTES / 10) + "\r").getBytes(StandardCharsets.UTF_8);

        Hl7Intake.Inspection inspection = intake.inspect(big);

        assertThat(inspection.isAdmitted()).isFalse();
        assertThat(inspection.refusalReason()).isEqualTo("too-large");
        String ack = text(inspection.refusal());
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
        assertThat(field(ack, "ERR", 3)).startsWith("207^").contains(String.valueOf(MAX_BYTES));
        assertThat(field(ack, "MSH", 4)).as("a refusal is addressed like any ACK").isEqualTo("HUB");
        assertThat(field(ack, "MSH", 6)).isEqualTo("STMARYS");
        assertThat(ack).doesNotContain("Quillfeather");
    }

    @Test
    void bytesThatAreNotTheDeclaredUtf8GetAeWithCode102() throws Exception {
        byte[] latin1 = withMsh("adt-a01-v25.hl7", "|P|2.5", "|P|2.5||||||UNICODE UTF-8");
        String text = new String(latin1, StandardCharsets.ISO_8859_1).replace("Ambrose", "Ambr\u00f6se");
        Hl7Intake.Inspection inspection = intake.inspect(text.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(inspection.isAdmitted()).isFalse();
        String ack = text(inspection.refusal());
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "ERR", 3)).startsWith("102^");
        assertThat(ack).doesNotContain("Ambr");
    }

    @Test
    void undeclaredCharsetIsDecodedLeniently() throws Exception {
        String text = new String(file("adt-a01-v25.hl7"), StandardCharsets.ISO_8859_1).replace("Ambrose", "Ambr\u00f6se");

        assertThat(intake.inspect(text.getBytes(StandardCharsets.ISO_8859_1)).isAdmitted()).isTrue();
    }

    @Test
    void acceptedAckSwapsSenderAndReceiverAndEchoesControlId() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("adt-a01-v25.hl7"));
        assertThat(inspection.isAdmitted()).isTrue();

        String ack = text(intake.accepted(inspection));

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
        String ack = text(intake.accepted(intake.inspect(file("adt-a01-v23.hl7"))));

        assertThat(field(ack, "MSH", 12)).isEqualTo("2.3");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
    }

    @Test
    void freshControlIdForEveryAck() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("adt-a01-v25.hl7"));

        String first = field(text(intake.accepted(inspection)), "MSH", 10);
        String second = field(text(intake.accepted(inspection)), "MSH", 10);

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void refusesBytesWithoutMshWithArAndErr() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("not-hl7.txt"));

        assertThat(inspection.isAdmitted()).isFalse();
        assertThat(inspection.refusalReason()).isEqualTo("no-msh");
        String ack = text(inspection.refusal());
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(ack).contains("ERR|").contains("100").doesNotContain("Quillfeather");
    }

    @Test
    void refusesEmptyMessageWithAr() {
        Hl7Intake.Inspection inspection = intake.inspect(new byte[0]);

        assertThat(inspection.isAdmitted()).isFalse();
        assertThat(field(text(inspection.refusal()), "MSA", 1)).isEqualTo("AR");
    }

    @Test
    void answersAeWithErrForIncompleteEncodingCharactersWithoutEchoingContent() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("msh-2-incomplete-encoding-characters.hl7"));

        assertThat(inspection.isAdmitted()).isFalse();
        assertThat(inspection.refusalReason()).isEqualTo("invalid-encoding-characters");
        String ack = text(inspection.refusal());
        assertThat(field(ack, "ERR", 3)).startsWith("102^");
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
        assertThat(field(ack, "MSH", 5)).isEqualTo("EPICADT");
        assertThat(ack).contains("ERR|");
        for (String phi : List.of("Quillfeather", "Ambrose", "MRN7731001", "19720314", "Larkspur")) {
            assertThat(ack).doesNotContain(phi);
        }
    }

    /**
     * Found by the connectors' damage property: HAPI parses an MSH-2 that repeats a character and uses
     * a letter ({@code ^^^A}), then writes an ACK whose MSA-1 reads {@code ^T^^T}. Such a message is
     * refused in the standard delimiters, with a readable MSA.
     */
    @Test
    void encodingCharactersHapiParsesButCannotAnswerInGetAeInTheStandardDelimiters() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(withMsh("adt-a01-v25.hl7", "|^~\\&|", "|^^^A|"));

        assertThat(inspection.isAdmitted()).isFalse();
        String ack = text(inspection.refusal());
        assertThat(ack).startsWith("MSH|^~\\&|");
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
    }

    /**
     * Found by the mappings' damage property: HAPI's parser throws ClassCastException on an MDM^T02 with a
     * segment that has no name. Parsing turns that into an HL7Exception, the same AE (or parse-error dead
     * letter) as any message that does not parse, with nothing of the message in its text.
     */
    @Test
    void aSegmentWithoutANameThatCrashesHapisParserIsAParseFailure() {
        String damaged = "MSH|^~\\&|DICTATE|STMARYS|CARELEDGER|CL|20261101083000-0500||MDM^T02^MDM_T02|CTRL-NONAME|P|2.5.1\r"
                + "EVN|T02|20261101083000-0500\rPV1|1|I|4WEST\r|01||||||||20261101080000-0500\r"
                + "TXA|1|DS^Discharge summary^HL70270|TX\rOBX|1|TX|18842-5^Discharge summary^LN||Ms. Quillfeather||||||F\r";

        assertThatThrownBy(() -> Hl7Parsing.parse(Hl7Parsing.newContext(), damaged))
                .isInstanceOf(ca.uhn.hl7v2.HL7Exception.class)
                .hasMessageContaining("ClassCastException")
                .hasMessageNotContaining("Quillfeather");
    }

    @Test
    void missingMessageTypeGetsArWithCode101() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("msh-9-missing.hl7"));

        String ack = text(inspection.refusal());
        assertThat(inspection.refusalReason()).isEqualTo("no-message-type");
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
        assertThat(ack).contains("101").doesNotContain("Quillfeather");
    }

    @Test
    void failedDurableWriteAnswersAeWithApplicationErrorNeverAa() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("adt-a01-v25.hl7"));

        String ack = text(intake.failed(inspection));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
        assertThat(ack).contains("ERR|").contains("207");
    }

    @Test
    void utf8ByteOrderMarkBeforeMshIsSkipped() throws Exception {
        byte[] msg = file("adt-a01-v25.hl7");
        byte[] withBom = new byte[msg.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(msg, 0, withBom, 3, msg.length);

        Hl7Intake.Inspection inspection = intake.inspect(withBom);

        assertThat(inspection.isAdmitted()).isTrue();
        assertThat(field(text(intake.accepted(inspection)), "MSA", 2)).isEqualTo("CTRL1001");
    }

    @Test
    void nulBytesAndRightToLeftOverrideInNamesAreDataNotStructure() throws Exception {
        String msg = new String(file("adt-a01-v25.hl7"), StandardCharsets.UTF_8)
                .replace("Quillfeather", "Quill\u0000feather\u202Eevil");

        Hl7Intake.Inspection inspection = intake.inspect(msg.getBytes(StandardCharsets.UTF_8));

        assertThat(inspection.isAdmitted()).isTrue();
        assertThat(text(intake.accepted(inspection))).doesNotContain("\u0000").doesNotContain("\u202E");
    }

    @Test
    void unknownOrHostileCharsetNameFallsBackToTheFeedDefault() throws Exception {
        for (String name : new String[] {"../../etc/passwd", "UTF-7", "X-HOSTILE-%n%n%n"}) {
            Hl7Intake.Inspection inspection = intake.inspect(withMsh("adt-a01-v25.hl7", "|P|2.5", "|P|2.5||||||" + name));

            assertThat(inspection.isAdmitted()).as(name).isTrue();
            assertThat(inspection.charset()).isEqualTo(StandardCharsets.UTF_8);
        }
    }

    @Test
    void tenThousandFieldsInASegmentGetAnAnswer() throws Exception {
        String msg = new String(file("adt-a01-v25.hl7"), StandardCharsets.UTF_8) + "ZZZ" + "|x".repeat(10_000) + "\r";

        Hl7Intake.Inspection inspection = intake.inspect(msg.getBytes(StandardCharsets.UTF_8));

        assertThat(inspection.isAdmitted()).isTrue();
        assertThat(field(text(intake.accepted(inspection)), "MSA", 1)).isEqualTo("AA");
    }

    @Test
    void deeplyRepeatedAndNestedComponentsGetAnAnswer() throws Exception {
        String msg = new String(file("adt-a01-v25.hl7"), StandardCharsets.UTF_8)
                .replace("MRN7731001^^^STMARYS^MR", ("MRN^^^H^MR~").repeat(5_000) + "X" + "&".repeat(5_000));

        Hl7Intake.Inspection inspection = intake.inspect(msg.getBytes(StandardCharsets.UTF_8));

        assertThat(inspection.isAdmitted() || inspection.refusal() != null).isTrue();
    }

    @Test
    void acceptsLineFeedSegmentSeparators() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(file("adt-a01-lf-separators.hl7"));

        assertThat(inspection.isAdmitted()).isTrue();
        assertThat(inspection.header().controlId()).isEqualTo("CTRL1001");
        assertThat(field(text(intake.accepted(inspection)), "MSA", 1)).isEqualTo("AA");
    }

    @Test
    void enhancedModeAlwaysGetsCommitAcceptAfterStoring() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(withMsh("adt-a01-v25.hl7", "|P|2.5", "|P|2.5|||AL|NE"));

        String ack = text(intake.accepted(inspection));

        assertThat(field(ack, "MSA", 1)).isEqualTo("CA");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
        assertThat(field(text(intake.failed(inspection)), "MSA", 1)).isEqualTo("CE");
    }

    @Test
    void enhancedModeNeverAsksForNoAcknowledgementAtAll() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(withMsh("adt-a01-v25.hl7", "|P|2.5", "|P|2.5|||NE|AL"));

        assertThat(inspection.isAdmitted()).isTrue();
        assertThat(intake.accepted(inspection)).isEmpty();
        assertThat(intake.failed(inspection)).isEmpty();
    }

    @Test
    void enhancedModeErrorOnlyAnswersFailuresAndSuccessOnlyAnswersSuccess() throws Exception {
        Hl7Intake.Inspection errorOnly = intake.inspect(withMsh("adt-a01-v25.hl7", "|P|2.5", "|P|2.5|||ER|NE"));
        Hl7Intake.Inspection successOnly = intake.inspect(withMsh("adt-a01-v25.hl7", "|P|2.5", "|P|2.5|||SU|NE"));

        assertThat(intake.accepted(errorOnly)).isEmpty();
        assertThat(field(text(intake.failed(errorOnly)), "MSA", 1)).isEqualTo("CE");
        assertThat(field(text(intake.accepted(successOnly)), "MSA", 1)).isEqualTo("CA");
        assertThat(intake.failed(successOnly)).isEmpty();
    }

    @Test
    void enhancedModeRefusalIsCommitReject() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(withMsh("adt-a01-v25.hl7", "|P|2.5", "|P|9.9|||AL|NE"));

        assertThat(field(text(inspection.refusal()), "MSA", 1)).isEqualTo("CR");
    }

    @Test
    void anAcknowledgementIsNeverAcknowledged() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(withMsh("adt-a01-v25.hl7", "ADT^A01^ADT_A01", "ACK^A01^ACK"));

        assertThat(inspection.isAdmitted()).isFalse();
        assertThat(inspection.refusal()).isNull();
        assertThat(inspection.refusalReason()).isEqualTo("acknowledgement-received");
    }

    @Test
    void unsupportedVersionGetsArWithCode203() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(withMsh("adt-a01-v25.hl7", "|P|2.5", "|P|9.9"));

        String ack = text(inspection.refusal());
        assertThat(inspection.refusalReason()).isEqualTo("unsupported-version");
        assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(field(ack, "MSA", 2)).isEqualTo("CTRL1001");
        assertThat(ack).contains("203");
    }

    @Test
    void testOrDebugTrafficIsRefusedWithCode202() throws Exception {
        for (String mode : List.of("T", "D")) {
            Hl7Intake.Inspection inspection = intake.inspect(withMsh("adt-a01-v25.hl7", "|P|2.5", "|" + mode + "|2.5"));

            assertThat(inspection.refusalReason()).isEqualTo("unsupported-processing-id");
            assertThat(field(text(inspection.refusal()), "MSA", 1)).isEqualTo("AR");
            assertThat(text(inspection.refusal())).contains("202");
        }
    }

    @Test
    void unknownMessageTypeGets200AndUnknownTriggerGets201() throws Exception {
        Hl7Intake.Inspection type = intake.inspect(withMsh("adt-a01-v25.hl7", "ADT^A01^ADT_A01", "ZZZ^Z01"));
        Hl7Intake.Inspection trigger = intake.inspect(withMsh("adt-a01-v25.hl7", "ADT^A01^ADT_A01", "ADT^A99"));

        assertThat(type.refusalReason()).isEqualTo("unsupported-message-type");
        assertThat(text(type.refusal())).contains("200");
        assertThat(trigger.refusalReason()).isEqualTo("unsupported-trigger-event");
        assertThat(text(trigger.refusal())).contains("201");
        assertThat(field(text(trigger.refusal()), "MSA", 1)).isEqualTo("AR");
    }

    @Test
    void refusalOfAKnownVersionCarriesThatVersion() throws Exception {
        Hl7Intake.Inspection inspection = intake.inspect(withMsh("adt-a01-v25.hl7", "ADT^A01^ADT_A01|CTRL1001|P|2.5", "ZZZ^Z01|CTRL1001|P|2.4"));

        assertThat(field(text(inspection.refusal()), "MSH", 12)).isEqualTo("2.4");
    }
}
