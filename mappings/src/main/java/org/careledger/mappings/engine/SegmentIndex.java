package org.careledger.mappings.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;

/** The segments of a parsed message by name, in message order, whichever group they sit in. */
public final class SegmentIndex {

    private final Map<String, List<Segment>> byName = new LinkedHashMap<>();

    public static SegmentIndex of(Group message) {
        SegmentIndex index = new SegmentIndex();
        index.collect(message);
        return index;
    }

    private void collect(Group group) {
        for (String name : group.getNames()) {
            Structure[] reps;
            try {
                reps = group.getAll(name);
            } catch (HL7Exception e) {
                continue;
            }
            for (Structure s : reps) {
                if (s instanceof Group g) {
                    collect(g);
                } else if (s instanceof Segment seg && !isEmpty(seg)) {
                    byName.computeIfAbsent(seg.getName(), k -> new ArrayList<>()).add(seg);
                }
            }
        }
    }

    private static boolean isEmpty(Segment segment) {
        try {
            return segment.isEmpty();
        } catch (HL7Exception e) {
            return true;
        }
    }

    public Segment first(String name) {
        List<Segment> all = byName.get(name);
        return all == null || all.isEmpty() ? null : all.get(0);
    }

    public List<Segment> all(String name) {
        return byName.getOrDefault(name, List.of());
    }
}
