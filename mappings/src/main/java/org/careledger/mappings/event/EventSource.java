package org.careledger.mappings.event;

/**
 * Where an inbound message came from: the feed, the sender's own id for it (MSH-3, MSH-4, MSH-10),
 * and the digest of its content ({@code Hl7ContentDigest}). Event ids derive from all of these, so
 * reprocessing the same message yields the same ids, and a different message under a reused control
 * id yields different ones.
 */
public record EventSource(String feedId, String sendingApplication, String sendingFacility, String controlId,
                          String contentDigest) {

    /** A source without a digest (a message mapped outside the pipeline): ids from the sender key alone. */
    public EventSource(String feedId, String sendingApplication, String sendingFacility, String controlId) {
        this(feedId, sendingApplication, sendingFacility, controlId, "");
    }
}
