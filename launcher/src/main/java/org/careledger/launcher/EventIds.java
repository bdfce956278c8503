package org.careledger.launcher;

import java.nio.charset.StandardCharsets;

import org.careledger.connectors.hl7.Hl7ContentDigest;
import org.careledger.connectors.hl7.Hl7Header;
import org.careledger.mappings.event.EventSource;
import org.careledger.mappings.event.FhirEventMapper;
import org.careledger.mappings.event.Hl7EventMapper;

/**
 * The event ids the routes app gives a message, derived here exactly as the app derives them, so
 * a count can say which acknowledged message has no event without asking the app.
 */
public final class EventIds {

    private EventIds() {
    }

    /** The first event of an HL7 v2 message sent as UTF-8 on the feed {@code feedId}. */
    public static String hl7(String feedId, String er7) {
        byte[] bytes = er7.getBytes(StandardCharsets.UTF_8);
        Hl7Header h = Hl7Header.read(bytes).orElseThrow(() -> new IllegalArgumentException("no MSH"));
        return Hl7EventMapper.eventId(new EventSource(feedId, h.sendingApplication(), h.sendingFacility(), h.controlId(),
                Hl7ContentDigest.of(bytes)), 0);
    }

    /** The event of a single FHIR resource posted as this JSON on the feed {@code feedId}. */
    public static String fhir(String feedId, String resourceJson) {
        try {
            return FhirEventMapper.eventId(feedId, resourceJson.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }
}
