package org.careledger.connectors.hl7;

import java.nio.charset.Charset;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * The one HAPI context CareLedger parses and acknowledges with: ER7 (pipe) encoding only, because
 * the XML parser would open the door to entity expansion, and no conformance validation at parse
 * time, so that a message is refused for broken structure, not for a vendor's loose formatting.
 */
public final class Hl7Parsing {

    private Hl7Parsing() {
    }

    public static HapiContext newContext() {
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.getParserConfiguration().setIdGenerator(new AckControlIds());
        // senders keep using OBX-2 types their version dropped (CE in 2.8) or had not yet (CWE in 2.3);
        // the value is then read as text, components kept, instead of refusing the whole message
        context.getParserConfiguration().setInvalidObx2Type("ST");
        return context;
    }

    /** Decodes raw bytes in the message's charset and parses them with the pipe parser. */
    public static Message parse(HapiContext context, byte[] raw, Charset charset) throws HL7Exception {
        return parse(context, new String(raw, charset));
    }

    public static Message parse(HapiContext context, String er7) throws HL7Exception {
        // a byte-order mark is how some Windows tools start a UTF-8 file; it is not part of MSH
        String text = er7.startsWith("\uFEFF") ? er7.substring(1) : er7;
        try {
            return context.getPipeParser().parse(normaliseSegmentSeparators(text));
        } catch (RuntimeException e) {
            // HAPI's parser can fail with a ClassCastException or worse on damaged structure; that is a
            // message that does not parse, with the same answer as any other (AE, or a parse-error dead letter)
            throw new HL7Exception("message structure could not be parsed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** HAPI splits segments on CR; senders that use LF or CRLF are common, so normalise before parsing. */
    static String normaliseSegmentSeparators(String er7) {
        return er7.replace("\r\n", "\r").replace('\n', '\r');
    }
}
