package org.careledger.mappings.engine;

/**
 * Allocates the pseudonymous public ID of a patient, once per (assigning authority, identifier).
 * The routes app backs it with the PostgreSQL pseudonym vault; the ID is random, never derived
 * from the identifier.
 */
@FunctionalInterface
public interface PatientPseudonyms {

    String publicId(String assigningAuthority, String identifier);

    /** Records that {@code priorPublicId}'s patient was merged into {@code survivorPublicId}'s (ADT^A40). */
    default void linkMerged(String survivorPublicId, String priorPublicId) {
    }
}
