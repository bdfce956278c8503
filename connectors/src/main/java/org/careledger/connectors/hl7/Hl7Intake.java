package org.careledger.connectors.hl7;

import java.nio.charset.Charset;
import java.util.Optional;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;

/**
 * Decides what an inbound HL7 v2 message gets before it is stored: bytes that are not HL7 get AR,
 * a message that does not parse gets AE (the sender may fix and resend), and a message that parses
 * is admitted. Admitted messages are acknowledged with {@link #accepted} only after the durable write,
 * or with {@link #failed} when that write did not happen.
 */
public final class Hl7Intake {

    private final HapiContext context;
    private final AckFactory acks;
    private final Charset feedDefaultCharset;

    public Hl7Intake(HapiContext context, AckFactory acks, Charset feedDefaultCharset) {
        this.context = context;
        this.acks = acks;
        this.feedDefaultCharset = feedDefaultCharset;
    }

    public Inspection inspect(byte[] raw) {
        try {
            return inspectOrThrow(raw);
        } catch (RuntimeException unexpected) {
            // a sender must always get an answer: HAPI can fail on input we did not foresee
            return Inspection.refused(acks.reject(null, AcknowledgmentCode.AE,
                    new AckFactory.Rejection(ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                            "the message could not be inspected"), feedDefaultCharset), "inspection-failed");
        }
    }

    private Inspection inspectOrThrow(byte[] raw) {
        Optional<Hl7Header> maybeHeader = Hl7Header.read(raw);
        if (maybeHeader.isEmpty()) {
            return Inspection.refused(acks.reject(null, AcknowledgmentCode.AR,
                    new AckFactory.Rejection(ErrorCode.SEGMENT_SEQUENCE_ERROR, new Location().withSegmentName("MSH"),
                            "MSH: the message does not start with an MSH segment"), feedDefaultCharset), "no-msh");
        }
        Hl7Header header = maybeHeader.get();
        Charset charset = header.charset(feedDefaultCharset);
        if (!header.hasControlId()) {
            return Inspection.refused(acks.reject(header, AcknowledgmentCode.AR,
                    new AckFactory.Rejection(ErrorCode.REQUIRED_FIELD_MISSING, fieldLocation(10),
                            "MSH-10: message control id is required"), charset), "no-control-id");
        }
        try {
            String er7 = Hl7Parsing.normaliseSegmentSeparators(new String(raw, charset));
            Message message = context.getPipeParser().parse(er7);
            return Inspection.admitted(header, message, charset);
        } catch (HL7Exception e) {
            // HAPI's exception text can quote field values; only its code and location go back.
            ErrorCode code = e.getError() == null ? ErrorCode.APPLICATION_INTERNAL_ERROR : e.getError();
            return Inspection.refused(acks.reject(header, AcknowledgmentCode.AE,
                    new AckFactory.Rejection(code, e.getLocation(),
                            "the message could not be parsed (" + code.name() + ")"), charset), "parse-error");
        }
    }

    /** AA: the message is durable. */
    public byte[] accepted(Inspection admitted) {
        return acks.ack(admitted.message(), AcknowledgmentCode.AA, null, admitted.charset());
    }

    /** AE: the message was admitted but could not be stored; the sender should retry. */
    public byte[] failed(Inspection admitted) {
        return acks.ack(admitted.message(), AcknowledgmentCode.AE,
                new AckFactory.Rejection(ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                        "the message could not be stored durably; resend it"), admitted.charset());
    }

    private static Location fieldLocation(int field) {
        return new Location().withSegmentName("MSH").withField(field);
    }

    /** The outcome of {@link #inspect}: either an admitted message or the ACK that refuses it. */
    public record Inspection(Hl7Header header, Message message, Charset charset, byte[] refusal, String refusalReason) {

        static Inspection admitted(Hl7Header header, Message message, Charset charset) {
            return new Inspection(header, message, charset, null, null);
        }

        static Inspection refused(byte[] ack, String reason) {
            return new Inspection(null, null, null, ack, reason);
        }

        public boolean isAdmitted() {
            return message != null;
        }
    }
}
