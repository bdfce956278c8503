package org.careledger.mappings.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;

/** An HL7 v2 field reference in the form {@code SEG-field[-component[-subcomponent]]}, e.g. {@code PID-5-1-1}. */
public record FieldPath(String segment, int field, int component, int subcomponent) {

    private static final Pattern SYNTAX = Pattern.compile("([A-Z][A-Z0-9]{2})-(\\d{1,3})(?:-(\\d{1,3}))?(?:-(\\d{1,3}))?");

    private static final java.util.Map<String, FieldPath> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Parses once per distinct text: mappings name the same few hundred paths for every message. */
    public static FieldPath parse(String text) {
        if (text == null) {
            return doParse(null);
        }
        FieldPath cached = PARSED.get(text);
        if (cached == null) {
            cached = doParse(text);
            if (PARSED.size() < 100_000) {
                PARSED.put(text, cached);
            }
        }
        return cached;
    }

    private static FieldPath doParse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a field path of the form SEG-field[-component[-subcomponent]]: " + text);
        }
        return new FieldPath(m.group(1), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 1 : Integer.parseInt(m.group(3)),
                m.group(4) == null ? 1 : Integer.parseInt(m.group(4)));
    }

    /** The value at this path in the first repetition, or null when empty or absent. */
    public String read(Segment source) {
        if (source == null) {
            return null;
        }
        try {
            if (field > source.numFields()) {
                return null;
            }
            // MSH-1 is the field separator itself; HAPI numbers MSH fields the same way as the standard
            String value = Terser.get(source, field, 0, component, subcomponent);
            return value == null || value.isEmpty() ? null : value;
        } catch (HL7Exception e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return segment + "-" + field + "-" + component + "-" + subcomponent;
    }
}
