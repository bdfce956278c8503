package org.careledger.connectors.hl7;

import java.util.Set;

/**
 * What a feed accepts before anything is stored: a message size, HL7 versions (MSH-12), processing
 * modes (MSH-11, so test or debug traffic does not reach production) and message types and trigger
 * events (MSH-9).
 */
public record IntakePolicy(int maxMessageBytes, Set<String> versions, Set<String> processingModes, SupportedMessages messages) {

    /** The versions HAPI has message structures for in this build. */
    public static final Set<String> HAPI_VERSIONS = Set.of("2.3", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.8");

    /** Message types (MSH-9.1) and their trigger events (MSH-9.2) that the hub can process. */
    public interface SupportedMessages {

        boolean supportsType(String messageCode);

        boolean supportsTrigger(String messageCode, String triggerEvent);
    }
}
