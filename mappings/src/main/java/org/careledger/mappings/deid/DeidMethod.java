package org.careledger.mappings.deid;

import java.util.Arrays;
import java.util.Optional;

/**
 * The de-identification methods a policy can name, each with the HL7 v3 ObservationValue code it
 * tags a changed resource with. The generalising methods ({@code year}, {@code birth-year},
 * {@code zip3}, {@code age}) are kinds of "generalize".
 */
public enum DeidMethod {
    KEEP("keep", null),
    REDACT("redact", SecurityLabel.REDACTED),
    YEAR("year", SecurityLabel.ABSTRED),
    BIRTH_YEAR("birth-year", SecurityLabel.ABSTRED),
    ZIP3("zip3", SecurityLabel.ABSTRED),
    AGE("age", SecurityLabel.ABSTRED),
    DATE_SHIFT("dateShift", SecurityLabel.PERTURBED),
    CRYPTO_HASH("cryptoHash", SecurityLabel.CRYTOHASH),
    ENCRYPT("encrypt", SecurityLabel.MASKED),
    SUBSTITUTE("substitute", SecurityLabel.MASKED),
    PSEUDONYMIZE("pseudonymize", SecurityLabel.PSEUDED),
    SCRUB("scrub", SecurityLabel.REDACTED);

    private final String policyName;
    private final SecurityLabel label;

    DeidMethod(String policyName, SecurityLabel label) {
        this.policyName = policyName;
        this.label = label;
    }

    public String policyName() {
        return policyName;
    }

    /** The label a resource gets when this method changes one of its elements. */
    public SecurityLabel label() {
        return label;
    }

    public static Optional<DeidMethod> named(String name) {
        return Arrays.stream(values()).filter(m -> m.policyName.equals(name)).findFirst();
    }
}
