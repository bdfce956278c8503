package org.careledger.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of text parts joined by NUL (which occurs in no HL7 or FHIR value, so (a, bc) and
 * (ab, c) never collide) under the keys of a {@link KeyRing}. New values are hashed under the
 * current key and stored with its id; a value stored under a retired key is still found, because
 * a look-up hashes under every key the ring holds.
 */
public final class KeyedHash {

    private final KeyRing ring;

    public KeyedHash(KeyRing ring) {
        this.ring = ring;
    }

    public String currentId() {
        return ring.currentId();
    }

    /** Under the current key. */
    public byte[] current(String... parts) {
        return hash(ring.current(), parts);
    }

    /** Under every key of the ring, by key id, the current key first. */
    public Map<String, byte[]> underEveryKey(String... parts) {
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        for (String id : ring.ids()) {
            hashes.put(id, hash(ring.key(id).orElseThrow(), parts));
        }
        return hashes;
    }

    private static byte[] hash(SecretKeySpec key, String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    mac.update((byte) 0);
                }
                mac.update(parts[i].getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
