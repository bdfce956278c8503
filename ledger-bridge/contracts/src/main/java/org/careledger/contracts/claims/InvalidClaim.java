package org.careledger.contracts.claims;

/** A claim event the contract must never see; the detail names the field and the rule, never a value. */
public final class InvalidClaim extends Exception {

    private final String reason;

    public InvalidClaim(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    /** A reason code: claim-invalid, claim-invalid-amount, claim-wrong-currency. */
    public String reason() {
        return reason;
    }
}
