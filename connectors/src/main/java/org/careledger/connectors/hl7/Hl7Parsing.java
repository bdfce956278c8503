package org.careledger.connectors.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
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
        return context;
    }

    /** HAPI splits segments on CR; senders that use LF or CRLF are common, so normalise before parsing. */
    public static String normaliseSegmentSeparators(String er7) {
        return er7.replace("\r\n", "\r").replace('\n', '\r');
    }
}
