package org.careledger.mappings.deid;

import java.util.Arrays;

/**
 * The secrets behind the keyed methods: {@code cryptoHash} and {@code dateShift} use an HMAC-SHA256
 * key, {@code encrypt} an AES-256 key. Without them a hash cannot be reversed by hashing candidate
 * identifiers, and a shifted date cannot be shifted back.
 */
public record DeidKeys(byte[] hashKey, byte[] encryptionKey) {

    public DeidKeys {
        if (hashKey == null || hashKey.length < 32) {
            throw new IllegalArgumentException("de-identification hash key: at least 32 bytes are required");
        }
        if (encryptionKey == null || encryptionKey.length != 32) {
            throw new IllegalArgumentException("de-identification encryption key: exactly 32 bytes (AES-256) are required");
        }
        hashKey = hashKey.clone();
        encryptionKey = encryptionKey.clone();
    }

    @Override
    public String toString() {
        return "DeidKeys[redacted]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeidKeys k && Arrays.equals(hashKey, k.hashKey) && Arrays.equals(encryptionKey, k.encryptionKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hashKey);
    }
}
