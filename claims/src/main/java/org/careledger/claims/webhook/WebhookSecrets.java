package org.careledger.claims.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

import org.careledger.crypto.KeyRing;
import org.careledger.crypto.Sealer;
import org.careledger.platform.raw.RawRecordCipher;

/**
 * Payers' webhook secrets at rest: AES-256-GCM under {@code careledger.webhooks.encryption-key},
 * each row stamped with the key id it was sealed under. The app needs the secrets in clear only to
 * sign a delivery, so the database alone never reveals them. Keys rotate: new secrets are sealed
 * under the current key, and those sealed under a key in {@code careledger.webhooks.retired-keys}
 * still open.
 */
public final class WebhookSecrets {

    private final Optional<RawRecordCipher> cipher;

    public WebhookSecrets(String keyId, Optional<String> base64Key, Optional<String> retiredKeys) {
        this.cipher = base64Key.filter(k -> !k.isBlank())
                .map(k -> new RawRecordCipher(KeyRing.parse("careledger.webhooks.encryption-key", keyId, k, retiredKeys)));
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

    /** The secret in clear; fails naming the key id when it was sealed under a key neither current nor retired here. */
    public String open(String keyId, byte[] ciphertext) {
        RawRecordCipher c = require();
        try {
            return new String(c.open(keyId, ciphertext), StandardCharsets.UTF_8);
        } catch (Sealer.UnknownKeyException e) {
            throw new IllegalStateException("a webhook secret is sealed under key id " + keyId + ", which is neither"
                    + " careledger.webhooks.encryption-key-id (" + c.keyId() + ") nor in careledger.webhooks.retired-keys", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a webhook secret does not open under careledger.webhooks.encryption-key", e);
        }
    }

    private RawRecordCipher require() {
        return cipher.orElseThrow(() -> new IllegalStateException(
                "careledger.webhooks.encryption-key is required while claim settlement is on"));
    }
}
