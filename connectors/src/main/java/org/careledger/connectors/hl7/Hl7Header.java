package org.careledger.connectors.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MSH fields read before a message is parsed: enough to pick the charset, identify the message
 * for duplicate detection, decide the acknowledgement mode and address an ACK. Read straight from
 * the bytes, so a message whose body cannot be parsed can still be answered.
 */
public record Hl7Header(
        String sendingApplication,
        String sendingFacility,
        String receivingApplication,
        String receivingFacility,
        String messageType,
        String controlId,
        String processingId,
        String versionId,
        String acceptAckType,
        String applicationAckType,
        String characterSet,
        char fieldSeparator,
        String encodingCharacters,
        char componentSeparator) {

    /**
     * Reads MSH from raw bytes; empty when the bytes do not start with an MSH segment (after
     * leading whitespace), i.e. when this is not an HL7 v2 ER7 message at all.
     */
    public static Optional<Hl7Header> read(byte[] raw) {
        // Latin-1 maps every byte to one char, so field offsets survive whatever MSH-18 says.
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int start = text.startsWith("\u00ef\u00bb\u00bf") ? 3 : 0; // a UTF-8 byte-order mark
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (!text.startsWith("MSH", start) || text.length() < start + 8) {
            return Optional.empty();
        }
        char fieldSeparator = text.charAt(start + 3);
        char componentSeparator = text.charAt(start + 4);
        if (Character.isLetterOrDigit(fieldSeparator) || Character.isWhitespace(fieldSeparator)
                || componentSeparator == fieldSeparator) {
            return Optional.empty();
        }
        int end = start;
        while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
            end++;
        }
        String[] fields = text.substring(start, end).split(Pattern.quote(String.valueOf(fieldSeparator)), -1);
        // fields[0] = "MSH", fields[1] = MSH-2, so MSH-n sits at index n - 1
        return Optional.of(new Hl7Header(
                field(fields, 3), field(fields, 4), field(fields, 5), field(fields, 6), field(fields, 9), field(fields, 10), field(fields, 11),
                field(fields, 12), field(fields, 15), field(fields, 16), field(fields, 18),
                fieldSeparator, field(fields, 2), componentSeparator));
    }

    private static String field(String[] fields, int mshIndex) {
        int i = mshIndex - 1;
        return i < fields.length ? fields[i] : "";
    }

    /** The charset to decode this message with: MSH-18 when known, otherwise the feed's default. */
    public Charset charset(Charset feedDefault) {
        return Hl7Charsets.forMsh18(characterSet).orElse(feedDefault);
    }

    /**
     * Whether MSH-1 and MSH-2 are delimiters a message can be read and answered with: four (or, from
     * 2.7, five with the truncation character) distinct printable non-alphanumeric characters, none
     * the field separator. HAPI parses some messages whose MSH-2 repeats a character or uses a
     * letter, and then writes an ACK that cannot be read.
     */
    public boolean delimitersValid() {
        if (encodingCharacters == null || encodingCharacters.length() < 4 || encodingCharacters.length() > 5) {
            return false;
        }
        String all = fieldSeparator + encodingCharacters;
        for (int i = 0; i < all.length(); i++) {
            char ch = all.charAt(i);
            if (ch < 0x21 || ch > 0x7e || Character.isLetterOrDigit(ch) || all.indexOf(ch) != i) {
                return false;
            }
        }
        return true;
    }

    public boolean hasControlId() {
        return controlId != null && !controlId.isBlank();
    }

    /** MSH-9.1, e.g. ADT. */
    public String messageCode() {
        return component(messageType, 0);
    }

    /** MSH-9.2, e.g. A01. */
    public String triggerEvent() {
        return component(messageType, 1);
    }

    /** MSH-11.1: P production, T training, D debugging. */
    public String processingMode() {
        return component(processingId, 0);
    }

    /** MSH-12.1. */
    public String version() {
        return component(versionId, 0);
    }

    private String component(String field, int index) {
        String[] parts = field.split(Pattern.quote(String.valueOf(componentSeparator)), -1);
        return index < parts.length ? parts[index] : "";
    }
}
