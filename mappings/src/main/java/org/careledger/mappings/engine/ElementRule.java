package org.careledger.mappings.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one FHIR element is filled: from an HL7 field ({@code from}) or a constant ({@code value}),
 * converted by {@code type} and looked up in {@code table}, only {@code when} its condition holds.
 * {@code when} is either a field path that must be present, or a map of field path to allowed value(s).
 */
public record ElementRule(String from, String value, String type, String table, JsonNode when) {
}
