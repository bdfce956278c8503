package org.careledger.connectors.hl7;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a message's bytes with its segment separators normalised (CR LF and LF become CR, and
 * trailing separators are dropped), so the same message sent over MLLP, over HTTP or in a batch file
 * has one digest. A resend is the same sender key (MSH-3, MSH-4, MSH-10) with the same digest; the
 * same key with another digest is a new message whose sender reused a control id.
 */
public final class Hl7ContentDigest {

    private Hl7ContentDigest() {
    }

    /** Lower-case hex, 64 characters. */
    public static String of(byte[] raw) {
        ByteArrayOutputStream normalised = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') {
                continue;
            }
            normalised.write(b == '\n' ? '\r' : b);
        }
        byte[] bytes = normalised.toByteArray();
        int length = bytes.length;
        while (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(bytes, 0, length);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
