package org.careledger.mappings.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one FHIR element is filled: from an HL7 field ({@code from}) or a constant ({@code value}),
 * converted by {@code type} and looked up in {@code table}, only {@code when} its condition holds.
 * {@code when} is either a field path that must be present, or a map of field path to allowed value(s).
 * With {@code datatype}, the field is mapped by that datatype's map (CWE → CodeableConcept) and the
 * element becomes one element per component the datatype map names.
 */
public record ElementRule(String from, String value, String type, String table, JsonNode when, String datatype) {
}
