package org.careledger.mappings.deid;

/** HL7 v3 ObservationValue codes that tag what de-identification did to a resource (FHIR meta.security). */
public enum SecurityLabel {
    REDACTED("redacted"),
    ABSTRED("abstracted"),
    PSEUDED("pseudonymized"),
    MASKED("masked"),
    PERTURBED("perturbed"),
    // the code system's own spelling
    CRYTOHASH("cryptographic hash function");

    public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    private final String display;

    SecurityLabel(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }
}
