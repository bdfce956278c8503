package org.careledger.mappings.engine;

/** A mapping or policy file that cannot be used: names the file, the line when known, and why. */
public final class InvalidMappingException extends IllegalArgumentException {

    public InvalidMappingException(String file, int line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
    }
}
