package org.careledger.mappings.deid;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Applies a {@link DeidPolicy} to a FHIR resource in place, failing closed: every element without
 * a rule is removed. What was done is recorded in the resource's {@code meta.security}.
 */
public final class Deidentifier {

    /** Elements the mapper itself writes from pseudonyms, never from message content. */
    private static final Set<String> MANAGED = Set.of("resourceType", "id", "meta", "subject", "patient");
    private static final int OLDEST_REPORTABLE_AGE = 89;
    static final String AGE_GROUP_EXTENSION = "http://careledger.org/fhir/StructureDefinition/age-group";
    static final String PSEUDONYM_SYSTEM = "urn:careledger:pseudonym";

    private final DeidPolicy policy;
    private final Clock clock;
    private final DeidKeys keys;

    public Deidentifier(DeidPolicy policy, Clock clock, DeidKeys keys) {
        this.policy = policy;
        this.clock = clock;
        this.keys = keys;
    }

    public DeidPolicy policy() {
        return policy;
    }

    /** A scrubber for free text that knows the given identifiers and the policy's patterns. */
    public FreeTextScrubber scrubber(java.util.Collection<String> knownIdentifiers) {
        return new FreeTextScrubber(knownIdentifiers, policy.freeTextPatterns());
    }

    /** De-identifies {@code resource} and returns the labels it was tagged with. */
    public Set<SecurityLabel> apply(ObjectNode resource, Set<SecurityLabel> alreadyApplied, DeidContext context) {
        Set<SecurityLabel> labels = alreadyApplied.isEmpty() ? EnumSet.noneOf(SecurityLabel.class) : EnumSet.copyOf(alreadyApplied);
        String type = resource.path("resourceType").asText();
        new Pass(type, labels, context).visitFields(resource, "", true);
        tag(resource, labels);
        return labels;
    }

    /** One resource's walk: its type, the labels collected so far, and the message's context. */
    private final class Pass {
        private final String type;
        private final Set<SecurityLabel> labels;
        private final DeidContext context;

        Pass(String type, Set<SecurityLabel> labels, DeidContext context) {
            this.type = type;
            this.labels = labels;
            this.context = context;
        }

        /** Visits every field of {@code object}; true when nothing is left in it. */
        boolean visitFields(ObjectNode object, String path, boolean top) {
            for (String name : fieldNames(object)) {
                if (!(top && MANAGED.contains(name))) {
                    visit(object, name, path.isEmpty() ? name : path + "." + name);
                }
            }
            return object.isEmpty();
        }

        private void visit(ObjectNode parent, String field, String path) {
            JsonNode child = parent.get(field);
            DeidRule rule = policy.ruleFor(type, path);
            if (rule != null) {
                JsonNode result = applyRule(rule, child, parent, field);
                if (result == null) {
                    parent.remove(field);
                } else {
                    parent.set(field, result);
                }
                return;
            }
            if (child.isObject()) {
                if (visitFields((ObjectNode) child, path, false)) {
                    parent.remove(field);
                }
            } else if (child.isArray()) {
                ArrayNode array = (ArrayNode) child;
                for (int i = array.size() - 1; i >= 0; i--) {
                    JsonNode item = array.get(i);
                    if (!item.isObject()) {
                        array.remove(i);
                        labels.add(SecurityLabel.REDACTED);
                    } else if (visitFields((ObjectNode) item, path, false)) {
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

        private JsonNode applyRule(DeidRule rule, JsonNode value, ObjectNode parent, String field) {
            DeidMethod method = rule.method();
            return switch (method) {
                // a kept element is still searched for the message's own identifiers: a sender that
                // shifts a field puts a name where a code should be, and keep must not pass it on
                case KEEP -> scrubKnownInPlace(value);
                case REDACT -> {
                    labels.add(SecurityLabel.REDACTED);
                    yield null;
                }
                case YEAR -> mapLeaves(value, text -> year(text, false, parent, field));
                case BIRTH_YEAR -> mapLeaves(value, text -> year(text, true, parent, field));
                case ZIP3 -> mapLeaves(value, this::zip3);
                case AGE -> age(value);
                case DATE_SHIFT -> mapLeaves(value, this::shift);
                case CRYPTO_HASH -> changed(method, mapLeaves(value, this::cryptoHash));
                case ENCRYPT -> changed(method, mapLeaves(value, this::encrypt));
                case SUBSTITUTE -> changed(method, rule.value().deepCopy());
                case PSEUDONYMIZE -> changed(method, pseudonymize(value));
                case SCRUB -> mapLeaves(value, this::scrub);
            };
        }

        private JsonNode changed(DeidMethod method, JsonNode result) {
            labels.add(result == null ? SecurityLabel.REDACTED : method.label());
            return result;
        }

        /** Applies {@code f} to every string leaf; a leaf mapped to null is removed, and so is a container left empty. */
        private JsonNode mapLeaves(JsonNode value, Function<String, String> f) {
            if (value.isArray()) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                value.forEach(v -> {
                    JsonNode mapped = mapLeaves(v, f);
                    if (mapped != null) {
                        out.add(mapped);
                    }
                });
                return out.isEmpty() ? null : out;
            }
            if (value.isObject()) {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                value.fields().forEachRemaining(e -> {
                    JsonNode mapped = mapLeaves(e.getValue(), f);
                    if (mapped != null) {
                        out.set(e.getKey(), mapped);
                    }
                });
                return out.isEmpty() ? null : out;
            }
            String text = value.isValueNode() && !value.isNull() ? value.asText() : null;
            String result = f.apply(text);
            if (result == null) {
                return null;
            }
            // numbers and booleans keep their JSON type unless the method changed them
            return result.equals(text) ? value : TextNode.valueOf(result);
        }

        private String year(String text, boolean birth, ObjectNode parent, String field) {
            if (text == null || text.length() < 4 || !text.substring(0, 4).chars().allMatch(Character::isDigit)) {
                labels.add(SecurityLabel.REDACTED);
                return null;
            }
            int year = Integer.parseInt(text.substring(0, 4));
            if (birth && Year.now(clock).getValue() - year > OLDEST_REPORTABLE_AGE) {
                // Safe Harbor: ages over 89, and any date element implying one, fold into "90 or older";
                // FHIR has no such date, so the element goes and its primitive extension says why
                labels.add(SecurityLabel.ABSTRED);
                parent.putObject("_" + field).putArray("extension").addObject()
                        .put("url", AGE_GROUP_EXTENSION).put("valueString", "90 or older");
                return null;
            }
            if (text.length() > 4) {
                labels.add(SecurityLabel.ABSTRED);
            }
            return text.substring(0, 4);
        }

        private String zip3(String text) {
            String digits = text == null ? "" : text.replaceAll("[^0-9]", "");
            if (digits.length() < 3) {
                labels.add(SecurityLabel.REDACTED);
                return null;
            }
            labels.add(SecurityLabel.ABSTRED);
            String prefix = digits.substring(0, 3);
            return policy.restrictedZip3().contains(prefix) ? "000" : prefix;
        }

        /** A Quantity or number over 89 becomes "at least 90"; younger ages are kept. */
        private JsonNode age(JsonNode value) {
            JsonNode number = value.isObject() ? value.get("value") : value;
            BigDecimal age = number == null ? null : decimal(number.asText());
            if (age == null) {
                labels.add(SecurityLabel.REDACTED);
                return null;
            }
            if (age.compareTo(BigDecimal.valueOf(OLDEST_REPORTABLE_AGE)) <= 0) {
                return value;
            }
            labels.add(SecurityLabel.ABSTRED);
            if (value.isObject()) {
                ObjectNode out = ((ObjectNode) value).deepCopy();
                out.put("value", 90).put("comparator", ">=");
                return out;
            }
            return TextNode.valueOf("90+");
        }

        private String shift(String text) {
            if (text == null || text.length() < 10) {
                // a year or a month is kept as it is: a shift of days cannot hide it and would only blur it
                return text;
            }
            try {
                LocalDate date = LocalDate.parse(text.substring(0, 10));
                int range = policy.dateShiftRangeDays();
                int days = Math.floorMod(ByteBuffer.wrap(keys.hash("date-shift", context.publicId())).getInt(), 2 * range + 1) - range;
                labels.add(SecurityLabel.PERTURBED);
                return date.plusDays(days).toString();
            } catch (java.time.DateTimeException e) {
                labels.add(SecurityLabel.REDACTED);
                return null;
            }
        }

        private JsonNode pseudonymize(JsonNode value) {
            if (value.isArray()) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                value.forEach(v -> {
                    JsonNode p = pseudonymize(v);
                    if (p != null) {
                        out.add(p);
                    }
                });
                return out.isEmpty() ? null : out;
            }
            if (value.isObject() && value.has("reference")) {
                String reference = value.get("reference").asText();
                return reference.startsWith("Patient/") || reference.startsWith("urn:uuid:")
                        ? JsonNodeFactory.instance.objectNode().put("reference", "Patient/" + context.publicId())
                        : null;
            }
            String identifier = value.isObject() ? value.path("value").asText(null) : value.isValueNode() ? value.asText() : null;
            if (identifier == null || identifier.isBlank()) {
                return null;
            }
            String system = value.isObject() ? value.path("system").asText("") : "";
            String pseudonym = context.pseudonyms().publicId(system, identifier);
            return value.isObject()
                    ? JsonNodeFactory.instance.objectNode().put("system", PSEUDONYM_SYSTEM).put("value", pseudonym)
                    : TextNode.valueOf(pseudonym);
        }

        /** {@code keep}'s check, in place: only a text leaf that holds an identifier is replaced, nothing is copied. */
        private JsonNode scrubKnownInPlace(JsonNode value) {
            if (value.isTextual()) {
                String clean = scrubKnown(value.asText());
                return clean.equals(value.asText()) ? value : TextNode.valueOf(clean);
            }
            if (value.isObject()) {
                ObjectNode object = (ObjectNode) value;
                for (String name : fieldNames(object)) {
                    JsonNode child = object.get(name);
                    JsonNode clean = scrubKnownInPlace(child);
                    if (clean != child) {
                        object.set(name, clean);
                    }
                }
            } else if (value.isArray()) {
                ArrayNode array = (ArrayNode) value;
                for (int i = 0; i < array.size(); i++) {
                    JsonNode clean = scrubKnownInPlace(array.get(i));
                    if (clean != array.get(i)) {
                        array.set(i, clean);
                    }
                }
            }
            return value;
        }

        private String scrubKnown(String text) {
            if (text == null) {
                return null;
            }
            String clean = context.scrubber().scrubKnown(text);
            if (!clean.equals(text)) {
                labels.add(SecurityLabel.REDACTED);
            }
            return clean;
        }

        private String scrub(String text) {
            if (text == null) {
                return null;
            }
            String clean = context.scrubber().scrub(text);
            if (!clean.equals(text)) {
                labels.add(SecurityLabel.REDACTED);
            }
            return clean;
        }

        private String encrypt(String text) {
            return text == null ? null : keys.seal(text);
        }

        /** {@code keyId:hex}, so values hashed under different keys are never compared as if they were one. */
        private String cryptoHash(String text) {
            return keys.hashKeyId() + ":" + HexFormat.of().formatHex(keys.hash("crypto-hash", text));
        }
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
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
