package org.careledger.mappings.deid;

import java.security.GeneralSecurityException;
import java.util.Base64;

import org.careledger.crypto.KeyRing;
import org.careledger.crypto.KeyedHash;
import org.careledger.crypto.Sealer;

/**
 * The secrets behind the keyed methods, each a {@link KeyRing} so it can rotate. {@code cryptoHash}
 * and {@code dateShift} use the current HMAC-SHA256 key; without it a hash cannot be reversed by
 * hashing candidate identifiers, and a shifted date cannot be shifted back. {@code encrypt} seals
 * under the current AES-256 key, and a value sealed under a retired key still opens while that key
 * stays listed.
 *
 * <p>Every output names its key id ({@code k2:...}). A rotated hash key starts a new linkage epoch:
 * the same identifier hashes, and one patient's dates shift, differently under the new key, and the
 * id tells a reader which values can be compared.
 */
public final class DeidKeys {

    /** Bound into each sealed value, so it opens only as a de-identified element, never as another kind of record. */
    static final String ENCRYPT_PURPOSE = "careledger-deid-encrypt";
    private static final char ID_SEPARATOR = ':';

    private final KeyedHash hashes;
    private final Sealer sealer;

    public DeidKeys(KeyRing hashKeys, KeyRing encryptionKeys) {
        this.hashes = new KeyedHash(hashKeys);
        this.sealer = new Sealer(encryptionKeys, ENCRYPT_PURPOSE);
    }

    /** The HMAC of a purpose and a text under the current hash key. */
    byte[] hash(String purpose, String text) {
        return hashes.current(purpose, text == null ? "" : text);
    }

    /** The id of the hash key new hashes and date shifts use. */
    String hashKeyId() {
        return hashes.currentId();
    }

    /** {@code keyId:base64(nonce || ciphertext || tag)} under the current encryption key. */
    String seal(String text) {
        Sealer.Sealed sealed = sealer.seal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return sealed.keyId() + ID_SEPARATOR + Base64.getEncoder().encodeToString(sealed.bytes());
    }

    /**
     * Opens a value {@code encrypt} wrote, under the key its id names: what an authorised
     * re-identification holding these keys does. Fails when the id names no key of the ring, or the
     * value was altered.
     */
    public String open(String value) throws GeneralSecurityException {
        int separator = value.indexOf(ID_SEPARATOR);
        if (separator <= 0) {
            throw new GeneralSecurityException("not an encrypted element: expected keyId:base64");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.substring(separator + 1));
        } catch (IllegalArgumentException notBase64) {
            throw new GeneralSecurityException("not an encrypted element: the part after the key id is not base64");
        }
        return new String(sealer.open(value.substring(0, separator), bytes), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DeidKeys[redacted]";
    }
}
