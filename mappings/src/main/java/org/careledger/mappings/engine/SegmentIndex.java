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

    /**
     * The segment called {@code name} that belongs with {@code current}: the one in the nearest
     * enclosing group whose structure has such a segment (the NTE after an OBX, the ORC of an OBR's
     * order), even when that one is absent, since another group's NTE is not this one's; else, when
     * no enclosing group has that segment in its structure, the first in the message.
     */
    public Segment nearest(String name, Segment current) {
        if (current == null) {
            return first(name);
        }
        if (current.getName().equals(name)) {
            return current;
        }
        for (Group group = current.getParent(); group != null && !(group instanceof ca.uhn.hl7v2.model.Message); group = group.getParent()) {
            if (java.util.Arrays.asList(group.getNames()).contains(name)) {
                return firstDirectChild(group, name);
            }
        }
        return first(name);
    }

    private static Segment firstDirectChild(Group group, String name) {
        try {
            for (Structure s : group.getAll(name)) {
                if (s instanceof Segment seg && !isEmpty(seg)) {
                    return seg;
                }
            }
        } catch (HL7Exception e) {
            return null;
        }
        return null;
    }

    public List<Segment> all(String name) {
        return byName.getOrDefault(name, List.of());
    }
}
