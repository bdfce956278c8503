package org.careledger.mappings.engine;

import java.util.Collection;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;

/** Every primitive value in a field, across its repetitions, components and subcomponents. */
public final class Hl7Leaves {

    private Hl7Leaves() {
    }

    public static void collect(Segment segment, int field, Collection<String> out) {
        try {
            if (field > segment.numFields()) {
                return;
            }
            for (Type repetition : segment.getField(field)) {
                collect(repetition, out);
            }
        } catch (HL7Exception e) {
            // a field HAPI cannot read holds nothing we could find either
        }
    }

    /** Every primitive value in one component of a field, across its repetitions. */
    public static void collectComponent(Segment segment, int field, int component, Collection<String> out) {
        try {
            if (field > segment.numFields()) {
                return;
            }
            for (Type repetition : segment.getField(field)) {
                Type data = repetition instanceof Varies v ? v.getData() : repetition;
                if (data instanceof Composite composite) {
                    if (component <= composite.getComponents().length) {
                        collect(composite.getComponents()[component - 1], out);
                    }
                } else if (component == 1) {
                    collect(data, out);
                }
            }
        } catch (HL7Exception e) {
            // as above
        }
    }

    private static void collect(Type type, Collection<String> out) {
        if (type instanceof Varies varies) {
            collect(varies.getData(), out);
        } else if (type instanceof Composite composite) {
            for (Type component : composite.getComponents()) {
                collect(component, out);
            }
        } else if (type instanceof Primitive primitive) {
            String value = primitive.getValue();
            if (value != null && !value.isBlank()) {
                out.add(HL7Values.decodeHexEscapes(value.trim()));
            }
        }
        // extra components a sender added beyond the standard ones are held by HAPI as ExtraComponents
        if (type != null) {
            var extra = type.getExtraComponents();
            for (int i = 0; i < extra.numComponents(); i++) {
                collect(extra.getComponent(i), out);
            }
        }
    }
}
