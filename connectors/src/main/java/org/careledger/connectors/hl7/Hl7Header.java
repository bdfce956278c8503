package org.careledger.connectors.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MSH fields read before a message is parsed: enough to pick the charset, identify the message
 * for duplicate detection and address an ACK. Read straight from the bytes, so a message whose body
 * cannot be parsed can still be answered.
 */
public record Hl7Header(
        String sendingApplication,
        String sendingFacility,
        String messageType,
        String controlId,
        String versionId,
        String characterSet) {

    /**
     * Reads MSH from raw bytes; empty when the bytes do not start with an MSH segment (after
     * leading whitespace), i.e. when this is not an HL7 v2 ER7 message at all.
     */
    public static Optional<Hl7Header> read(byte[] raw) {
        // Latin-1 maps every byte to one char, so field offsets survive whatever MSH-18 says.
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (!text.startsWith("MSH", start) || text.length() < start + 8) {
            return Optional.empty();
        }
        char fieldSeparator = text.charAt(start + 3);
        if (Character.isLetterOrDigit(fieldSeparator) || Character.isWhitespace(fieldSeparator)) {
            return Optional.empty();
        }
        int end = start;
        while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
            end++;
        }
        String[] fields = text.substring(start, end).split(Pattern.quote(String.valueOf(fieldSeparator)), -1);
        // fields[0] = "MSH", fields[1] = MSH-2, so MSH-n sits at index n - 1
        return Optional.of(new Hl7Header(
                field(fields, 3), field(fields, 4), field(fields, 9), field(fields, 10),
                field(fields, 12), field(fields, 18)));
    }

    private static String field(String[] fields, int mshIndex) {
        int i = mshIndex - 1;
        return i < fields.length ? fields[i] : "";
    }

    /** The charset to decode this message with: MSH-18 when known, otherwise the feed's default. */
    public Charset charset(Charset feedDefault) {
        return Hl7Charsets.forMsh18(characterSet).orElse(feedDefault);
    }

    public boolean hasControlId() {
        return controlId != null && !controlId.isBlank();
    }
}
