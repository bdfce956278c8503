package org.careledger.mappings.engine;

import java.util.LinkedHashMap;

/**
 * One FHIR resource built from one segment ({@code segment}: its first occurrence) or one resource per
 * occurrence ({@code forEach}). Element keys are FHIR paths such as {@code address[0].postalCode}.
 */
public record ResourceTemplate(String resourceType, String segment, String forEach, LinkedHashMap<String, ElementRule> elements) {

    public String sourceSegment() {
        return forEach != null ? forEach : segment;
    }
}
