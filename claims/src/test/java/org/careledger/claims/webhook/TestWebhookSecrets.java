package org.careledger.claims.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Webhook sealing keys of the claims tests: fixed test values, never a deployment's. */
public final class TestWebhookSecrets {

    public static final String KEY_1 = base64("webhook secrets key for tests 32");
    public static final String KEY_2 = base64("second webhook key for tests 32b");

    /** Sealing under {@code test-1}, none retired. */
    public static final WebhookSecrets SECRETS = new WebhookSecrets("test-1", Optional.of(KEY_1), Optional.empty());

    private TestWebhookSecrets() {
    }

    private static String base64(String thirtyTwoBytes) {
        return Base64.getEncoder().encodeToString(thirtyTwoBytes.getBytes(StandardCharsets.US_ASCII));
    }
}
