package org.careledger.crypto;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.spec.SecretKeySpec;

/**
 * 256-bit keys by id, one of them current. New data is sealed under the current key and names its
 * id; data sealed earlier opens under the key its id names, for as long as that key stays listed.
 * That is how a key rotates: the new one becomes current, the old one is kept as retired until
 * nothing sealed under it is left.
 */
public final class KeyRing {

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    private KeyRing(String currentId, Map<String, SecretKeySpec> keys) {
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
    }

    /** One current key and none retired. */
    public static KeyRing of(String currentId, byte[] currentKey) {
        return of(currentId, currentKey, Map.of());
    }

    public static KeyRing of(String currentId, byte[] currentKey, Map<String, byte[]> retired) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        keys.put(requireId(currentId, "the current key"), aes(currentKey, "key " + currentId));
        retired.forEach((id, key) -> {
            if (keys.put(requireId(id, "a retired key"), aes(key, "key " + id)) != null) {
                throw new IllegalArgumentException("key id " + id + " is listed twice");
            }
        });
        return new KeyRing(currentId, keys);
    }

    /**
     * From configuration: the current key in base64, and the retired ones as {@code id:base64}
     * separated by commas. A bad value fails naming the configuration key and the rule, never the value.
     */
    public static KeyRing parse(String configKey, String currentId, String currentBase64, Optional<String> retiredList) {
        byte[] current = decode(configKey, currentBase64);
        Map<String, byte[]> retired = new LinkedHashMap<>();
        retiredEntries(configKey, retiredList).forEach((id, key) -> retired.put(id, decode(configKey + ".retired", key)));
        try {
            return of(currentId, current, retired);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configKey + ": " + e.getMessage());
        }
    }

    /**
     * The {@code id:base64} entries of a retired-keys list, by id, keys still in base64; a
     * malformed entry fails naming the configuration key and the rule, never the value.
     */
    public static Map<String, String> retiredEntries(String configKey, Optional<String> retiredList) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String entry : retiredList.orElse("").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(configKey + ".retired: each entry is id:base64-key");
            }
            entries.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return entries;
    }

    public String currentId() {
        return currentId;
    }

    /** Every key id, the current one first. */
    java.util.List<String> ids() {
        java.util.List<String> ids = new java.util.ArrayList<>(keys.keySet());
        ids.remove(currentId);
        ids.add(0, currentId);
        return ids;
    }

    SecretKeySpec current() {
        return keys.get(currentId);
    }

    Optional<SecretKeySpec> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** Whether data sealed under this key id can be opened. */
    public boolean knows(String id) {
        return keys.containsKey(id);
    }

    private static String requireId(String id, String what) {
        if (id == null || id.isBlank() || id.contains(":") || id.contains(",")) {
            throw new IllegalArgumentException(what + " needs an id without ':' or ','");
        }
        return id;
    }

    private static SecretKeySpec aes(byte[] key, String what) {
        if (key.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes (AES-256), got " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    private static byte[] decode(String configKey, String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configKey + ": not base64");
        }
    }
}
