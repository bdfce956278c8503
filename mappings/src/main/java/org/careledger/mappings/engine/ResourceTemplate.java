package org.careledger.mappings.engine;

import java.util.LinkedHashMap;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One FHIR resource built from one segment ({@code segment}: its first occurrence) or one resource per
 * occurrence ({@code forEach}). Element keys are FHIR paths such as {@code address[0].postalCode}.
 * {@code repeat} fills an array of the resource with one entry per occurrence of another segment
 * (a Claim's {@code item} per FT1). {@code map} names a segment map whose resource type, elements and
 * repeats this template starts from. {@code when} (the element condition syntax) decides per source
 * segment whether the resource is built at all.
 */
public record ResourceTemplate(String map, String resourceType, String segment, String forEach, JsonNode when,
                               LinkedHashMap<String, ElementRule> elements, List<RepeatTemplate> repeat) {

    public String sourceSegment() {
        return forEach != null ? forEach : segment;
    }

    public List<RepeatTemplate> repeats() {
        return repeat == null ? List.of() : repeat;
    }

    /** An array element ({@code path}) with one entry per {@code forEach} segment, each filled by {@code elements}. */
    public record RepeatTemplate(String path, String forEach, LinkedHashMap<String, ElementRule> elements) {
    }
}
