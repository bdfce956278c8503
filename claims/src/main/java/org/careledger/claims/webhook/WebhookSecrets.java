package org.careledger.claims.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

import org.careledger.platform.raw.RawRecordCipher;

/**
 * Payers' webhook secrets at rest: AES-256-GCM under {@code careledger.webhooks.encryption-key},
 * each row stamped with the key id it was sealed under. The bridge needs the secrets in clear only
 * to sign a delivery, so the database alone never reveals them.
 */
public final class WebhookSecrets {

    private final Optional<RawRecordCipher> cipher;

    public WebhookSecrets(String keyId, Optional<String> base64Key) {
        this.cipher = base64Key.filter(k -> !k.isBlank()).map(k -> RawRecordCipher.fromBase64(keyId, k));
    }

    /** A secret sealed under the current key, and that key's id. */
    public record Sealed(String keyId, byte[] ciphertext) {
    }

    public boolean configured() {
        return cipher.isPresent();
    }

    public Sealed seal(String secret) {
        RawRecordCipher c = require();
        return new Sealed(c.keyId(), c.seal(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** The secret in clear; fails naming the key id when it was sealed under a key not configured here. */
    public String open(String keyId, byte[] ciphertext) {
        RawRecordCipher c = require();
        if (!c.keyId().equals(keyId)) {
            throw new IllegalStateException("a webhook secret is sealed under key id " + keyId
                    + ", but careledger.webhooks.encryption-key-id is " + c.keyId());
        }
        try {
            return new String(c.open(ciphertext), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a webhook secret does not open under careledger.webhooks.encryption-key", e);
        }
    }

    private RawRecordCipher require() {
        return cipher.orElseThrow(() -> new IllegalStateException(
                "careledger.webhooks.encryption-key is required while claim settlement is on"));
    }
}
