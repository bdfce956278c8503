package org.careledger.mappings.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A FHIR element path such as {@code code.coding[0].display}, able to set a value in a JSON resource. */
public record ElementPath(List<Step> steps) {

    private static final Pattern STEP = Pattern.compile("([a-zA-Z][a-zA-Z0-9]*)(?:\\[(\\d{1,2})])?");

    record Step(String name, int index) {
        boolean isArray() {
            return index >= 0;
        }
    }

    private static final java.util.Map<String, ElementPath> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Parses once per distinct path, like {@link FieldPath#parse}. */
    public static ElementPath parse(String path) {
        ElementPath cached = PARSED.get(path);
        if (cached == null) {
            cached = doParse(path);
            if (PARSED.size() < 100_000) {
                PARSED.put(path, cached);
            }
        }
        return cached;
    }

    private static ElementPath doParse(String path) {
        List<Step> steps = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            Matcher m = STEP.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a FHIR element path like a[0].b: " + path);
            }
            steps.add(new Step(m.group(1), m.group(2) == null ? -1 : Integer.parseInt(m.group(2))));
        }
        return new ElementPath(List.copyOf(steps));
    }

    public void set(ObjectNode resource, JsonNode value) {
        JsonNode node = resource;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean last = i == steps.size() - 1;
            ObjectNode parent = (ObjectNode) node;
            if (!step.isArray()) {
                if (last) {
                    parent.set(step.name(), value);
                    return;
                }
                node = parent.has(step.name()) ? parent.get(step.name()) : parent.putObject(step.name());
                continue;
            }
            ArrayNode array = parent.has(step.name()) ? (ArrayNode) parent.get(step.name()) : parent.putArray(step.name());
            while (array.size() <= step.index()) {
                if (last) {
                    array.addNull();
                } else {
                    array.addObject();
                }
            }
            if (last) {
                array.set(step.index(), value);
                return;
            }
            node = array.get(step.index());
        }
    }
}
