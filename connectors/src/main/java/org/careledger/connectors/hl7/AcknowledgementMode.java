package org.careledger.connectors.hl7;

import java.util.Optional;

import ca.uhn.hl7v2.AcknowledgmentCode;

/**
 * Which accept acknowledgement a message asks for. Original mode (MSH-15 and MSH-16 both empty)
 * always gets AA/AE/AR. Enhanced mode gets CA/CE/CR as MSH-15 asks: AL always, NE never, ER only on
 * error or reject, SU only on success; an empty MSH-15 in enhanced mode counts as AL.
 */
public record AcknowledgementMode(boolean enhanced, String acceptAckType) {

    public static AcknowledgementMode of(Hl7Header header) {
        if (header == null || (header.acceptAckType().isBlank() && header.applicationAckType().isBlank())) {
            return new AcknowledgementMode(false, "AL");
        }
        String type = header.acceptAckType().isBlank() ? "AL" : header.acceptAckType().trim().toUpperCase(java.util.Locale.ROOT);
        return new AcknowledgementMode(true, type);
    }

    /**
     * The code to send for an outcome given in original-mode terms (AA, AE or AR), or empty when
     * this message asked for no acknowledgement of that outcome.
     */
    public Optional<AcknowledgmentCode> codeFor(AcknowledgmentCode outcome) {
        if (!enhanced) {
            return Optional.of(outcome);
        }
        boolean success = outcome == AcknowledgmentCode.AA;
        boolean wanted = switch (acceptAckType) {
            case "NE" -> false;
            case "ER" -> !success;
            case "SU" -> success;
            default -> true;
        };
        if (!wanted) {
            return Optional.empty();
        }
        return Optional.of(switch (outcome) {
            case AA -> AcknowledgmentCode.CA;
            case AE -> AcknowledgmentCode.CE;
            case AR -> AcknowledgmentCode.CR;
            default -> outcome;
        });
    }
}
