package org.careledger.connectors.raw;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for raw records at rest on Kafka. The record is {@code nonce (12 bytes) || ciphertext || tag};
 * the key id is bound in as associated data, so a record cannot be opened under a different key id.
 */
public final class RawRecordCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String keyId;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public RawRecordCipher(String keyId, byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("raw-record key must be 32 bytes (AES-256), got " + key.length);
        }
        this.keyId = keyId;
        this.key = new SecretKeySpec(key, "AES");
    }

    public static RawRecordCipher fromBase64(String keyId, String base64Key) {
        return new RawRecordCipher(keyId, Base64.getDecoder().decode(base64Key.trim()));
    }

    public String keyId() {
        return keyId;
    }

    public byte[] seal(byte[] plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData());
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] open(byte[] record) throws GeneralSecurityException {
        if (record.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("raw record too short to be sealed");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, record, 0, NONCE_BYTES));
        cipher.updateAAD(associatedData());
        return cipher.doFinal(record, NONCE_BYTES, record.length - NONCE_BYTES);
    }

    private byte[] associatedData() {
        return ("careledger.raw.v1|" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
