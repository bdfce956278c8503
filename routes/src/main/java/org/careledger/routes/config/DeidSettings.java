package org.careledger.routes.config;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.NotBlank;
import org.careledger.crypto.KeyRing;
import org.careledger.mappings.deid.DeidKeys;

/**
 * De-identification ({@code careledger.deid.*}): the policy and the keys of its keyed methods.
 * Each key has an id that every value it produced names; to rotate one, make the new key current
 * under a new id and list the old one among the retired ones ({@code id:base64}, comma-separated)
 * for as long as values encrypted under it must still open.
 */
@ConfigMapping(prefix = "careledger.deid")
public interface DeidSettings {

    /** A policy file that replaces the built-in Safe Harbor policy. */
    Optional<Path> policyFile();

    /** Base64 of the 32-byte HMAC-SHA256 key of {@code cryptoHash} and {@code dateShift}. */
    @NotBlank
    String hashKey();

    @NotBlank
    String hashKeyId();

    Optional<String> retiredHashKeys();

    /** Base64 of the AES-256 key of {@code encrypt}. */
    @NotBlank
    String encryptionKey();

    @NotBlank
    String encryptionKeyId();

    Optional<String> retiredEncryptionKeys();

    /** The key rings; a key that is not base64 of 32 bytes fails naming its setting, never the value. */
    default DeidKeys keys() {
        return new DeidKeys(KeyRing.parse("careledger.deid.hash-key", hashKeyId(), hashKey(), retiredHashKeys()),
                KeyRing.parse("careledger.deid.encryption-key", encryptionKeyId(), encryptionKey(), retiredEncryptionKeys()));
    }
}
