package org.careledger.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh 96-bit nonce per seal: {@code nonce || ciphertext || tag}. The purpose and
 * the key id are bound in as associated data, so sealed bytes open only for the same purpose under
 * the key id they were sealed with; the caller keeps that id beside them (a Kafka header, a column).
 */
public final class Sealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** Sealed bytes and the id of the key that sealed them. */
    public record Sealed(String keyId, byte[] bytes) {
    }

    /** The key id names no key of the ring: retired too early, or never this app's. */
    public static final class UnknownKeyException extends GeneralSecurityException {
        UnknownKeyException(String keyId) {
            super("no key with id " + keyId);
        }
    }

    private final KeyRing ring;
    private final String purpose;
    private final SecureRandom random = new SecureRandom();

    public Sealer(KeyRing ring, String purpose) {
        this.ring = ring;
        this.purpose = purpose;
    }

    public KeyRing ring() {
        return ring;
    }

    /** Sealed under the current key. */
    public Sealed seal(byte[] plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, ring.current(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(ring.currentId()));
            byte[] sealed = cipher.doFinal(plaintext);
            return new Sealed(ring.currentId(), ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Opens bytes sealed under {@code keyId}; fails when that key is unknown or the bytes do not authenticate. */
    public byte[] open(String keyId, byte[] sealed) throws GeneralSecurityException {
        SecretKeySpec key = ring.key(keyId).orElseThrow(() -> new UnknownKeyException(keyId));
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("too short to be sealed");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
        cipher.updateAAD(associatedData(keyId));
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }

    private byte[] associatedData(String keyId) {
        return (purpose + "|" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
