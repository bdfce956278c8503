package org.careledger.connectors.hl7;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HL7 v2 batch file (FHS/BHS ... messages ... BTS/FTS, or just messages one after another) split
 * into its messages, and the batch of ACKs that answers it. Bytes are carried through Latin-1, which
 * maps each byte to one char and back, so every message keeps its own charset (MSH-18) and its
 * escape sequences exactly as sent. (HAPI's Hl7InputStreamMessageStringIterator decodes with the
 * platform charset and keeps BTS/FTS in the last message, so it is not used here.)
 */
public final class Hl7Batch {

    private final List<byte[]> messages;
    private final boolean wrapped;

    private Hl7Batch(List<byte[]> messages, boolean wrapped) {
        this.messages = messages;
        this.wrapped = wrapped;
    }

    public static Hl7Batch split(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        boolean wrapped = false;
        List<byte[]> messages = new ArrayList<>();
        StringBuilder current = null;
        for (String segment : text.split("\r\n|\r|\n")) {
            String name = segment.length() >= 3 ? segment.substring(0, 3) : segment;
            if (BATCH_SEGMENTS.contains(name)) {
                wrapped = true;
                current = flush(current, messages);
            } else if (name.equals("MSH")) {
                flush(current, messages);
                current = new StringBuilder(segment).append('\r');
            } else if (current != null && !segment.isBlank()) {
                current.append(segment).append('\r');
            }
        }
        flush(current, messages);
        return new Hl7Batch(messages, wrapped);
    }

    private static final java.util.Set<String> BATCH_SEGMENTS = java.util.Set.of("FHS", "BHS", "BTS", "FTS");

    private static StringBuilder flush(StringBuilder message, List<byte[]> messages) {
        if (message != null) {
            messages.add(message.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return null;
    }

    public List<byte[]> messages() {
        return messages;
    }

    public boolean wrapped() {
        return wrapped;
    }

    /**
     * The ACKs in message order, as one batch (BHS ... BTS with the ACK count) when the input was a
     * batch, otherwise one after another. ACKs are ASCII-safe: they never echo message content.
     */
    public byte[] acknowledgements(List<byte[]> acks, String applicationName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (wrapped) {
            out.writeBytes(("BHS|^~\\&|" + applicationName + "\r").getBytes(StandardCharsets.US_ASCII));
        }
        for (byte[] ack : acks) {
            out.writeBytes(ack);
            if (ack.length > 0 && ack[ack.length - 1] != '\r') {
                out.write('\r');
            }
        }
        if (wrapped) {
            out.writeBytes(("BTS|" + acks.size() + "\r").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
