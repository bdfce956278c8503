package org.careledger.mappings.deid;

import java.time.Clock;
import java.time.Year;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Applies a {@link DeidPolicy} to a FHIR resource in place, failing closed: every element without
 * a rule is removed. What was done is recorded in the resource's {@code meta.security}.
 */
public final class Deidentifier {

    /** Elements the mapper itself writes from pseudonyms, never from message content. */
    private static final Set<String> MANAGED = Set.of("resourceType", "id", "meta", "subject");
    private static final int OLDEST_REPORTABLE_AGE = 89;

    private final DeidPolicy policy;
    private final Set<String> restrictedZip3;
    private final Clock clock;

    public Deidentifier(DeidPolicy policy, Clock clock) {
        this.policy = policy;
        this.restrictedZip3 = policy.restrictedZip3Set();
        this.clock = clock;
    }

    public DeidPolicy policy() {
        return policy;
    }

    /** De-identifies {@code resource} and returns the labels it was tagged with. */
    public Set<SecurityLabel> apply(ObjectNode resource, Set<SecurityLabel> alreadyApplied) {
        Set<SecurityLabel> labels = alreadyApplied.isEmpty() ? EnumSet.noneOf(SecurityLabel.class) : EnumSet.copyOf(alreadyApplied);
        String type = resource.path("resourceType").asText();
        for (String field : fieldNames(resource)) {
            if (!MANAGED.contains(field)) {
                visit(resource, field, type + "." + field, labels);
            }
        }
        tag(resource, labels);
        return labels;
    }

    private void visit(ObjectNode parent, String field, String path, Set<SecurityLabel> labels) {
        JsonNode child = parent.get(field);
        String method = policy.rules().get(path);
        if (method != null) {
            JsonNode result = applyMethod(method, child, labels);
            if (result == null) {
                parent.remove(field);
            } else {
                parent.set(field, result);
            }
            return;
        }
        if (child.isObject()) {
            if (visitFields((ObjectNode) child, path, labels)) {
                parent.remove(field);
            }
        } else if (child.isArray()) {
            ArrayNode array = (ArrayNode) child;
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode item = array.get(i);
                if (!item.isObject()) {
                    array.remove(i);
                    labels.add(SecurityLabel.REDACTED);
                } else if (visitFields((ObjectNode) item, path, labels)) {
                    array.remove(i);
                }
            }
            if (array.isEmpty()) {
                parent.remove(field);
            }
        } else {
            parent.remove(field);
            labels.add(SecurityLabel.REDACTED);
        }
    }

    /** Visits every field of {@code object}; true when nothing is left in it. */
    private boolean visitFields(ObjectNode object, String path, Set<SecurityLabel> labels) {
        for (String name : fieldNames(object)) {
            visit(object, name, path + "." + name, labels);
        }
        return object.isEmpty();
    }

    private JsonNode applyMethod(String method, JsonNode value, Set<SecurityLabel> labels) {
        switch (method) {
            case "keep":
                return value;
            case "year":
                return mapText(value, text -> year(text, labels, false));
            case "birth-year":
                return mapText(value, text -> year(text, labels, true));
            case "zip3":
                return mapText(value, text -> zip3(text, labels));
            default:
                labels.add(SecurityLabel.REDACTED);
                return null;
        }
    }

    private JsonNode mapText(JsonNode value, java.util.function.Function<String, String> f) {
        if (value.isArray()) {
            ArrayNode out = ((ArrayNode) value).arrayNode();
            value.forEach(v -> {
                JsonNode mapped = mapText(v, f);
                if (mapped != null) {
                    out.add(mapped);
                }
            });
            return out.isEmpty() ? null : out;
        }
        String result = value.isTextual() ? f.apply(value.asText()) : f.apply(null);
        return result == null ? null : TextNode.valueOf(result);
    }

    private String year(String text, Set<SecurityLabel> labels, boolean birth) {
        if (text == null || text.length() < 4 || !text.substring(0, 4).chars().allMatch(Character::isDigit)) {
            labels.add(SecurityLabel.REDACTED);
            return null;
        }
        int year = Integer.parseInt(text.substring(0, 4));
        if (birth && Year.now(clock).getValue() - year > OLDEST_REPORTABLE_AGE) {
            // Safe Harbor: ages over 89, and any date element implying one, fold into "90 or older"
            labels.add(SecurityLabel.REDACTED);
            return null;
        }
        if (text.length() > 4) {
            labels.add(SecurityLabel.ABSTRED);
        }
        return text.substring(0, 4);
    }

    private String zip3(String text, Set<SecurityLabel> labels) {
        String digits = text == null ? "" : text.replaceAll("[^0-9]", "");
        if (digits.length() < 3) {
            labels.add(SecurityLabel.REDACTED);
            return null;
        }
        labels.add(SecurityLabel.ABSTRED);
        String prefix = digits.substring(0, 3);
        return restrictedZip3.contains(prefix) ? "000" : prefix;
    }

    private static void tag(ObjectNode resource, Set<SecurityLabel> labels) {
        if (labels.isEmpty()) {
            return;
        }
        ArrayNode security = resource.with("meta").putArray("security");
        for (SecurityLabel label : labels) {
            security.addObject()
                    .put("system", SecurityLabel.SYSTEM)
                    .put("code", label.name())
                    .put("display", label.display());
        }
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
