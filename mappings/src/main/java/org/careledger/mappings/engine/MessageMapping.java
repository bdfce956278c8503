package org.careledger.mappings.engine;

import java.util.List;
import java.util.Map;

/**
 * The mapping of one HL7 v2 message type (MSH-9.1) to events: the event type per trigger (MSH-9.2),
 * the domain (which names the topic) with optional per-trigger overrides, the segment identifying
 * the patient (and, for merges, the segment whose field 1 identifies the patient merged away), the
 * resources, and the value tables the resources use.
 */
public record MessageMapping(
        String message,
        String domain,
        Map<String, String> events,
        Map<String, String> domains,
        String patient,
        String mergedPatient,
        List<ResourceTemplate> resources,
        Map<String, Map<String, String>> tables) {

    /** The domain of a trigger's events: its override, else the file's domain. */
    public String domainOf(String trigger) {
        return domains != null && domains.containsKey(trigger) ? domains.get(trigger) : domain;
    }
}
