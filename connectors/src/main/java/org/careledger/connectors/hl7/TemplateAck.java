package org.careledger.connectors.hl7;

import java.nio.charset.Charset;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.util.idgenerator.IDGenerator;

/**
 * An acknowledgement written as text, without HAPI: the answer of last resort when HAPI cannot build
 * one (encoding characters it does not handle, a header it cannot read) or anything else on the
 * intake path fails. A lock-step sender that gets no answer stalls its whole feed, so this must not
 * fail for any input.
 *
 * <p>It uses the message's own delimiters when MSH-1 and MSH-2 read as five distinct punctuation
 * characters, and the standard {@code |^~\&} otherwise. What it copies from the message is the
 * sender's addressing (MSH-3 to MSH-6, MSH-9.2, MSH-10, MSH-12), never content; with the standard
 * delimiters those values are escaped, because the sender's own delimiters could not be trusted.
 */
final class TemplateAck {

    private static final Delimiters STANDARD = new Delimiters('|', '^', '~', '\\', '&');
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ");

    private final IDGenerator controlIds;
    private final String applicationName;

    TemplateAck(IDGenerator controlIds, String applicationName) {
        this.controlIds = controlIds;
        this.applicationName = applicationName;
    }

    /**
     * The ACK's bytes. {@code header} may be null (nothing could be read); {@code error} is null for
     * AA/CA. Error texts are the fixed, content-free strings the intake uses.
     */
    byte[] build(Hl7Header header, AcknowledgmentCode code, AckFactory.Rejection error, Charset charset) {
        Delimiters own = header == null ? null : Delimiters.of(header);
        Delimiters d = own == null ? STANDARD : own;
        Values v = new Values(header, d, own != null);
        String version = header == null || header.version().isBlank() ? "2.5" : v.whole(header.version());
        String trigger = header == null ? "" : v.whole(header.triggerEvent());
        String sendingApplication = v.first(header == null ? "" : header.receivingApplication());
        char f = d.field();

        StringBuilder ack = new StringBuilder(256);
        ack.append("MSH").append(f).append(d.encodingCharacters())
                .append(f).append(sendingApplication.isEmpty() ? applicationName : sendingApplication)
                .append(f).append(v.first(header == null ? "" : header.receivingFacility()))
                .append(f).append(v.first(header == null ? "" : header.sendingApplication()))
                .append(f).append(v.first(header == null ? "" : header.sendingFacility()))
                .append(f).append(TIMESTAMP.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append(f)
                .append(f).append("ACK").append(trigger.isEmpty() ? "" : d.component() + trigger)
                .append(f).append(nextControlId())
                .append(f).append('P')
                .append(f).append(version)
                .append('\r');
        ack.append("MSA").append(f).append(code.name())
                .append(f).append(header == null ? "" : v.whole(header.controlId()))
                .append('\r');
        if (error != null) {
            ack.append(err(error, version, d)).append('\r');
        }
        return ack.toString().getBytes(charset);
    }

    /** ERR as the message's version defines it: ERR-1 (ELD) before 2.5, ERR-3/4/8 from 2.5 on. */
    private static String err(AckFactory.Rejection error, String version, Delimiters d) {
        ErrorCode code = error.code() == null ? ErrorCode.APPLICATION_INTERNAL_ERROR : error.code();
        String text = d.escape(error.text() == null ? "" : error.text());
        String name = d.escape(code.getMessage());
        char f = d.field();
        if (version.startsWith("2.3") || version.startsWith("2.4")) {
            char s = d.subcomponent();
            return "ERR" + f + d.component() + d.component() + d.component()
                    + code.getCode() + s + text + s + "HL70357";
        }
        char c = d.component();
        return "ERR" + f + f + f + code.getCode() + c + name + c + "HL70357" + f + "E" + f + f + f + f + text;
    }

    private String nextControlId() {
        try {
            return controlIds.getID();
        } catch (Exception e) {
            return Long.toString(System.currentTimeMillis());
        }
    }

    /** Values read from the sender's header, made safe for the ACK's delimiters. */
    private record Values(Hl7Header header, Delimiters d, boolean ownDelimiters) {

        /** The first component of a field, e.g. the namespace id of an HD. */
        String first(String field) {
            if (field == null || header == null) {
                return "";
            }
            int separator = field.indexOf(header.componentSeparator());
            return whole(separator < 0 ? field : field.substring(0, separator));
        }

        /** Verbatim under the sender's own delimiters (already encoded with them), escaped otherwise. */
        String whole(String value) {
            if (value == null) {
                return "";
            }
            String clean = value.replace('\r', ' ').replace('\n', ' ');
            return ownDelimiters ? clean : d.escape(clean);
        }
    }

    /** MSH-1 and the four encoding characters of MSH-2. */
    private record Delimiters(char field, char component, char repetition, char escape, char subcomponent) {

        /** The message's delimiters, or null when they are not valid ones ({@link Hl7Header#delimitersValid}). */
        static Delimiters of(Hl7Header header) {
            if (!header.delimitersValid()) {
                return null;
            }
            String all = header.fieldSeparator() + header.encodingCharacters();
            return new Delimiters(all.charAt(0), all.charAt(1), all.charAt(2), all.charAt(3), all.charAt(4));
        }

        String encodingCharacters() {
            return "" + component + repetition + escape + subcomponent;
        }

        /** HL7 escape sequences for the delimiters; the escape character itself first. */
        String escape(String value) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (ch == escape) {
                    out.append(escape).append('E').append(escape);
                } else if (ch == field) {
                    out.append(escape).append('F').append(escape);
                } else if (ch == component) {
                    out.append(escape).append('S').append(escape);
                } else if (ch == repetition) {
                    out.append(escape).append('R').append(escape);
                } else if (ch == subcomponent) {
                    out.append(escape).append('T').append(escape);
                } else {
                    out.append(ch);
                }
            }
            return out.toString();
        }
    }
}
