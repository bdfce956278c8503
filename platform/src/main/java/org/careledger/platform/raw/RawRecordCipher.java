package org.careledger.platform.raw;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import org.careledger.crypto.KeyRing;
import org.careledger.crypto.Sealer;

/**
 * AES-256-GCM for raw records at rest on Kafka ({@link Sealer}, purpose {@code careledger.raw.v1}):
 * {@code nonce || ciphertext || tag}, the key id in the record's header and bound in as associated
 * data, so a record cannot be opened under a different key id. New records use the ring's current
 * key; records sealed under a retired one still open.
 */
public final class RawRecordCipher {

    private static final String PURPOSE = "careledger.raw.v1";

    private final Sealer sealer;

    public RawRecordCipher(KeyRing ring) {
        this.sealer = new Sealer(ring, PURPOSE);
    }

    /** One key, none retired. */
    public RawRecordCipher(String keyId, byte[] key) {
        this(KeyRing.of(keyId, key, Map.of()));
    }

    public static RawRecordCipher fromBase64(String keyId, String base64Key) {
        return new RawRecordCipher(keyId, Base64.getDecoder().decode(base64Key.trim()));
    }

    /** The id new records are sealed under, for their header. */
    public String keyId() {
        return sealer.ring().currentId();
    }

    public byte[] seal(byte[] plaintext) {
        return sealer.seal(plaintext).bytes();
    }

    /** Opens a record sealed under the current key. */
    public byte[] open(byte[] record) throws GeneralSecurityException {
        return open(keyId(), record);
    }

    /** Opens a record sealed under the key its header names; {@link Sealer.UnknownKeyException} when that key is not kept. */
    public byte[] open(String keyId, byte[] record) throws GeneralSecurityException {
        return sealer.open(keyId, record);
    }
}
