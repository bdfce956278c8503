package org.careledger.connectors.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import org.junit.jupiter.api.Test;

/** The ACK written without HAPI: delimiters, addressing, MSA and ERR in each version's form. */
class TemplateAckTest {

    private final TemplateAck template = new TemplateAck(() -> "42", "CARELEDGER");
    private final AckFactory.Rejection error = new AckFactory.Rejection(ErrorCode.APPLICATION_INTERNAL_ERROR, null,
            "the message could not be processed; resend it");

    private static Hl7Header header(String msh) {
        return Hl7Header.read((msh + "\rPID|1\r").getBytes(StandardCharsets.ISO_8859_1)).orElseThrow();
    }

    private String build(Hl7Header header, AcknowledgmentCode code, AckFactory.Rejection rejection) {
        return new String(template.build(header, code, rejection, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Test
    void messagesOwnDelimitersAreKeptAndAddressingIsSwapped() {
        String ack = build(header("MSH#$~\\&#LAB$X#NORTH#HUB#CL#2026##ADT$A01#C-7#P#2.5.1"), AcknowledgmentCode.AA, null);

        String[] segments = ack.split("\r");
        assertThat(segments[0]).startsWith("MSH#$~\\&#HUB#CL#LAB#NORTH#").endsWith("##ACK$A01#42#P#2.5.1");
        assertThat(segments[1]).isEqualTo("MSA#AA#C-7");
        assertThat(segments).hasSize(2);
    }

    @Test
    void unreadableEncodingCharactersFallBackToTheStandardOnesWithValuesEscaped() {
        String ack = build(header("MSH#^^^^^#LAB|A#NORTH###2026##ADT#ID|1&2#P#2.5"), AcknowledgmentCode.AE, error);

        String[] segments = ack.split("\r");
        assertThat(segments[0]).startsWith("MSH|^~\\&|CARELEDGER||LAB\\F\\A|NORTH|");
        assertThat(segments[1]).isEqualTo("MSA|AE|ID\\F\\1\\T\\2");
        assertThat(segments[2]).isEqualTo("ERR|||207^Application internal error^HL70357|E||||the message could not be processed; resend it");
    }

    @Test
    void beforeVersion25TheErrorGoesInErr1() {
        String ack = build(header("MSH|^~\\&|LAB|NORTH|HUB|CL|2026||ADT^A01|C-8|P|2.3"), AcknowledgmentCode.AR,
                new AckFactory.Rejection(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, null, "MSH-9.1: message type not supported"));

        assertThat(ack.split("\r")[2]).isEqualTo("ERR|^^^200&MSH-9.1: message type not supported&HL70357");
    }

    @Test
    void withNoReadableHeaderTheAckNamesTheHubAndLeavesMsa2Empty() {
        String ack = build(null, AcknowledgmentCode.AR, error);

        assertThat(ack).startsWith("MSH|^~\\&|CARELEDGER||||2");
        assertThat(ack.split("\r")[0]).endsWith("||ACK|42|P|2.5");
        assertThat(ack.split("\r")[1]).isEqualTo("MSA|AR|");
    }

    @Test
    void enhancedModeCodesAreWrittenAsGiven() {
        String ack = build(header("MSH|^~\\&|LAB|NORTH|HUB|CL|2026||ADT^A01|C-9|P|2.5|||AL|NE"), AcknowledgmentCode.CE, error);

        assertThat(ack.split("\r")[1]).isEqualTo("MSA|CE|C-9");
    }
}
