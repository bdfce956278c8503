package org.careledger.mappings.engine;

/**
 * A message that was accepted but cannot become an event. The reason is a stable code for the
 * dead-letter topic and metrics; the text names fields and rules, never values.
 */
public class MappingException extends Exception {

    private final String reason;

    public MappingException(String reason, String text) {
        super(text);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
