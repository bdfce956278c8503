package org.careledger.mappings.deid;

import org.careledger.mappings.engine.PatientPseudonyms;

/**
 * What de-identifying one message's resources needs beyond the policy: the patient's public ID
 * (the key for consistent date shifts and the target of patient references), the identifiers the
 * message itself carries (which free text is scrubbed of), and the pseudonym vault.
 */
public record DeidContext(String publicId, FreeTextScrubber scrubber, PatientPseudonyms pseudonyms) {
}
