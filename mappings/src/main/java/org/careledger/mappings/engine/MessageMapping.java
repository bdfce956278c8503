package org.careledger.mappings.engine;

import java.util.List;
import java.util.Map;

/**
 * The mapping of one HL7 v2 message type (MSH-9.1) to events: the event type per trigger (MSH-9.2),
 * the domain (which names the topic), the segment identifying the patient, the resources, and the
 * value tables the resources use.
 */
public record MessageMapping(
        String message,
        String domain,
        Map<String, String> events,
        String patient,
        List<ResourceTemplate> resources,
        Map<String, Map<String, String>> tables) {
}
