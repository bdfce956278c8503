package org.careledger.mappings.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one HL7 v2 datatype becomes a FHIR datatype (CWE → CodeableConcept, CX → Identifier), after
 * the HL7 v2-to-FHIR IG's datatype maps. Element keys are paths relative to the element being filled
 * ({@code coding[0].code}; {@code .} for the element itself); each names a component
 * ({@code 1}, or {@code 4-1} for a subcomponent), or a constant {@code value}.
 */
public record DatatypeMap(String datatype, LinkedHashMap<String, Component> elements, Map<String, Map<String, String>> tables) {

    /** A component reference, with the conversion and table its value goes through. */
    public record Component(String component, String value, String type, String table) {
    }
}
