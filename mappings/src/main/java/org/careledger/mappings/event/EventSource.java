package org.careledger.mappings.event;

/**
 * Where an inbound message came from: the feed, and the sender's own id for it (MSH-3, MSH-4, MSH-10).
 * Event ids derive from this, so reprocessing the same message yields the same ids.
 */
public record EventSource(String feedId, String sendingApplication, String sendingFacility, String controlId) {
}
