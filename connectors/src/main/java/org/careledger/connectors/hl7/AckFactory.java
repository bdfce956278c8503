package org.careledger.connectors.hl7;

import java.nio.charset.Charset;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v25.message.ACK;

/**
 * Builds HL7 acknowledgements with HAPI. The ACK's MSH swaps sending and receiving application and
 * facility, keeps the message's version, gets a fresh control id, and MSA-2 echoes MSH-10. Error
 * texts placed in ERR are fixed strings naming a field and a rule, never message content. Whenever
 * HAPI cannot build or encode an ACK, the same answer is written from a template instead: a sender
 * always gets one.
 */
public final class AckFactory {

    private final HapiContext context;
    private final String applicationName;
    private final TemplateAck template;

    public AckFactory(HapiContext context, String applicationName) {
        this.context = context;
        this.applicationName = applicationName;
        this.template = new TemplateAck(context.getParserConfiguration().getIdGenerator(), applicationName);
    }

    /** AA, or AE/AR with an ERR segment carrying {@code error}, for a message that parsed. */
    public byte[] ack(Hl7Header header, Message message, AcknowledgmentCode code, Rejection error, Charset charset) {
        try {
            Message ack = error == null
                    ? message.generateACK(code, null)
                    : message.generateACK(code, error.toHl7Exception());
            return encode(ack, charset);
        } catch (Exception | LinkageError e) {
            return template(header, code, error, charset);
        }
    }

    /**
     * The ACK written without HAPI, for when HAPI failed or something unforeseen did: {@code header}
     * may be null when not even MSH could be read.
     */
    public byte[] template(Hl7Header header, AcknowledgmentCode code, Rejection error, Charset charset) {
        return template.build(header, code, error, charset);
    }

    /**
     * An ACK for bytes that did not parse into a message: built from the MSH fields that could be
     * read (if any), so the sender still finds its MSH-10 in MSA-2 when there was one.
     */
    public byte[] reject(Hl7Header header, AcknowledgmentCode code, Rejection error, Charset charset) {
        try {
            ACK ack = new ACK();
            ack.setParser(context.getPipeParser());
            ack.initQuickstart("ACK", null, "P");
            boolean addressed = header != null && !header.receivingApplication().isBlank();
            ack.getMSH().getSendingApplication().getNamespaceID()
                    .setValue(addressed ? firstComponent(header.receivingApplication()) : applicationName);
            if (header != null) {
                ack.getMSH().getSendingFacility().getNamespaceID().setValue(firstComponent(header.receivingFacility()));
                ack.getMSH().getReceivingApplication().getNamespaceID().setValue(firstComponent(header.sendingApplication()));
                ack.getMSH().getReceivingFacility().getNamespaceID().setValue(firstComponent(header.sendingFacility()));
                ack.getMSA().getMessageControlID().setValue(header.controlId());
                if (IntakePolicy.HAPI_VERSIONS.contains(header.version())) {
                    ack.getMSH().getVersionID().getVersionID().setValue(header.version());
                }
            }
            ack.getMSA().getAcknowledgmentCode().setValue(code.name());
            error.toHl7Exception().populateResponse(ack, code, 0);
            return encode(ack, charset);
        } catch (Exception | LinkageError e) {
            return template(header, code, error, charset);
        }
    }

    private byte[] encode(Message ack, Charset charset) throws HL7Exception {
        return context.getPipeParser().encode(ack).getBytes(charset);
    }

    private static String firstComponent(String field) {
        if (field == null) {
            return null;
        }
        int hat = field.indexOf('^');
        return hat < 0 ? field : field.substring(0, hat);
    }

    /** Why a message is not accepted: an HL7 table 0357 code, where, and a content-free text. */
    public record Rejection(ErrorCode code, Location location, String text) {

        HL7Exception toHl7Exception() {
            HL7Exception e = new HL7Exception(text, code);
            if (location != null) {
                e.setLocation(location);
            }
            return e;
        }
    }
}
