package org.careledger.connectors.hl7;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Optional;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;

/**
 * Decides what an inbound HL7 v2 message gets before it is stored, in this order: bytes that are not
 * HL7 get AR; an ACK gets no answer (ACKs are never acknowledged); a message over the size limit, a
 * missing control id or type, an
 * unsupported version, processing mode, message type or trigger get AR; a message that does not parse
 * gets AE (the sender may fix and resend); anything else is admitted. Admitted messages are answered
 * with {@link #accepted} only after the durable write, or {@link #failed} when that write did not
 * happen. In enhanced mode the codes become CA/CE/CR and MSH-15 may ask for no answer at all.
 */
public final class Hl7Intake {

    private final HapiContext context;
    private final AckFactory acks;
    private final Charset feedDefaultCharset;
    private final IntakePolicy policy;

    public Hl7Intake(HapiContext context, AckFactory acks, Charset feedDefaultCharset, IntakePolicy policy) {
        this.context = context;
        this.acks = acks;
        this.feedDefaultCharset = feedDefaultCharset;
        this.policy = policy;
    }

    public Inspection inspect(byte[] raw) {
        try {
            return inspectOrThrow(raw);
        } catch (RuntimeException | LinkageError unexpected) {
            // a sender must always get an answer: HAPI can fail on input we did not foresee
            Hl7Header header = Hl7Header.read(raw).orElse(null);
            Charset charset = charsetOf(header);
            return new Inspection(header, null, charset, unexpectedFailure(header, charset).orElse(null), "inspection-failed");
        }
    }

    /**
     * AR (or CR) for a message whose sender's certificate is not bound to this feed: nothing of it
     * is read beyond MSH, nothing is stored.
     */
    public Inspection refuseSender(byte[] raw) {
        Hl7Header header = Hl7Header.read(raw).orElse(null);
        return refuse(header, AcknowledgmentCode.AR, ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                "the sender's certificate is not bound to this feed", charsetOf(header), "sender-not-bound");
    }

    /**
     * AE (or CE) with ERR 207, written without HAPI: the answer when anything on the intake path
     * failed in a way nothing else handled. Empty when the sender asked for no error acknowledgement.
     */
    public Optional<byte[]> unexpectedFailure(Hl7Header header, Charset charset) {
        Charset c = charset == null ? feedDefaultCharset : charset;
        return AcknowledgementMode.of(header).codeFor(AcknowledgmentCode.AE)
                .map(code -> acks.template(header, code, new AckFactory.Rejection(ErrorCode.APPLICATION_INTERNAL_ERROR,
                        null, "the message could not be processed; resend it"), c));
    }

    /** The same, for bytes whose header has not been read yet. */
    public Optional<byte[]> unexpectedFailure(byte[] raw) {
        Hl7Header header = raw == null ? null : Hl7Header.read(raw).orElse(null);
        return unexpectedFailure(header, charsetOf(header));
    }

    /** The header's charset (MSH-18 when known), or the feed's default when there is no header. */
    private Charset charsetOf(Hl7Header header) {
        return header == null ? feedDefaultCharset : header.charset(feedDefaultCharset);
    }

    private Inspection inspectOrThrow(byte[] raw) {
        Optional<Hl7Header> maybeHeader = Hl7Header.read(raw);
        if (maybeHeader.isEmpty()) {
            return refuse(null, AcknowledgmentCode.AR, ErrorCode.SEGMENT_SEQUENCE_ERROR, new Location().withSegmentName("MSH"),
                    "MSH: the message does not start with an MSH segment", feedDefaultCharset, "no-msh");
        }
        Hl7Header h = maybeHeader.get();
        Charset charset = h.charset(feedDefaultCharset);
        if ("ACK".equals(h.messageCode())) {
            return new Inspection(h, null, charset, null, "acknowledgement-received");
        }
        if (!h.delimitersValid()) {
            // answered in the standard delimiters: the message's own cannot carry a readable ACK
            return refuse(h, AcknowledgmentCode.AE, ErrorCode.DATA_TYPE_ERROR, field(2),
                    "MSH-2: the encoding characters must be four distinct characters other than letters, digits and MSH-1",
                    charset, "invalid-encoding-characters");
        }
        if (raw.length > policy.maxMessageBytes()) {
            // table 0357 has no size code; 207 with the limit in its text tells the sender what to change
            return refuse(h, AcknowledgmentCode.AR, ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                    "the message is larger than this feed's limit of " + policy.maxMessageBytes() + " bytes", charset, "too-large");
        }
        if (!h.hasControlId()) {
            return refuse(h, AcknowledgmentCode.AR, ErrorCode.REQUIRED_FIELD_MISSING, field(10),
                    "MSH-10: message control id is required", charset, "no-control-id");
        }
        if (h.messageCode().isBlank()) {
            return refuse(h, AcknowledgmentCode.AR, ErrorCode.REQUIRED_FIELD_MISSING, field(9),
                    "MSH-9: message type is required", charset, "no-message-type");
        }
        if (!policy.versions().contains(h.version())) {
            return refuse(h, AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_VERSION_ID, field(12),
                    "MSH-12: version not supported by this feed", charset, "unsupported-version");
        }
        if (!policy.processingModes().contains(h.processingMode())) {
            return refuse(h, AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_PROCESSING_ID, field(11),
                    "MSH-11: processing mode not accepted by this feed", charset, "unsupported-processing-id");
        }
        if (!policy.messages().supportsType(h.messageCode())) {
            return refuse(h, AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_MESSAGE_TYPE, field(9),
                    "MSH-9.1: message type not supported by this feed", charset, "unsupported-message-type");
        }
        if (!policy.messages().supportsTrigger(h.messageCode(), h.triggerEvent())) {
            return refuse(h, AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_EVENT_CODE, field(9),
                    "MSH-9.2: trigger event not supported by this feed", charset, "unsupported-trigger-event");
        }
        // a charset the sender declared is taken at its word: guessing would garble names downstream
        Optional<String> text = h.characterSet().isBlank() ? Optional.of(new String(raw, charset)) : decodeStrictly(raw, charset);
        if (text.isEmpty()) {
            return refuse(h, AcknowledgmentCode.AE, ErrorCode.DATA_TYPE_ERROR, field(18),
                    "MSH-18: the message bytes are not valid " + charset.name(), charset, "charset-mismatch");
        }
        try {
            Message message = Hl7Parsing.parse(context, text.get());
            return new Inspection(h, message, charset, null, null);
        } catch (HL7Exception e) {
            // HAPI's exception text can quote field values; only its code and location go back.
            ErrorCode code = e.getError() == null ? ErrorCode.APPLICATION_INTERNAL_ERROR : e.getError();
            return refuse(h, AcknowledgmentCode.AE, code, e.getLocation(),
                    "the message could not be parsed (" + code.name() + ")", charset, "parse-error");
        }
    }

    private Inspection refuse(Hl7Header header, AcknowledgmentCode outcome, ErrorCode code, Location location,
                              String text, Charset charset, String reason) {
        byte[] ack = AcknowledgementMode.of(header).codeFor(outcome)
                .map(c -> acks.reject(header, c, new AckFactory.Rejection(code, location, text), charset))
                .orElse(null);
        return new Inspection(header, null, charset, ack, reason);
    }

    /** AA (or CA): the message is durable. Empty when the sender asked for no such acknowledgement. */
    public Optional<byte[]> accepted(Inspection admitted) {
        return AcknowledgementMode.of(admitted.header()).codeFor(AcknowledgmentCode.AA)
                .map(code -> acks.ack(admitted.header(), admitted.message(), code, null, admitted.charset()));
    }

    /** AE (or CE): the message was admitted but could not be stored; the sender should resend it. */
    public Optional<byte[]> failed(Inspection admitted) {
        return AcknowledgementMode.of(admitted.header()).codeFor(AcknowledgmentCode.AE)
                .map(code -> acks.ack(admitted.header(), admitted.message(), code,
                        new AckFactory.Rejection(ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                                "the message could not be stored durably; resend it"), admitted.charset()));
    }

    /** The text, decoded once; empty when the bytes are not valid in the charset. */
    private static Optional<String> decodeStrictly(byte[] raw, Charset charset) {
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Location field(int field) {
        return new Location().withSegmentName("MSH").withField(field);
    }

    /**
     * The outcome of {@link #inspect}: an admitted message, or the reason it was not admitted and the
     * reply to send (null when none is due: an ACK received, or enhanced mode asked for none).
     */
    public record Inspection(Hl7Header header, Message message, Charset charset, byte[] refusal, String refusalReason) {

        public boolean isAdmitted() {
            return message != null;
        }
    }
}
