package org.careledger.mappings.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one segment becomes one FHIR resource (PID → Patient, OBX → Observation), after the HL7
 * v2-to-FHIR IG's segment maps. Message mappings use it with {@code map: PID} and may add or replace
 * elements.
 */
public record SegmentMap(String segment, String resourceType, LinkedHashMap<String, ElementRule> elements,
                         List<ResourceTemplate.RepeatTemplate> repeat, Map<String, Map<String, String>> tables) {
}
