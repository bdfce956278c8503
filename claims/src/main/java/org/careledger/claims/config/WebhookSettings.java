package org.careledger.claims.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.careledger.platform.config.Millis;

/** Payer webhooks ({@code careledger.webhooks.*}): retries, timeout, the key sealing their secrets, the networks they may reach. */
@ConfigMapping(prefix = "careledger.webhooks")
public interface WebhookSettings {

    @WithName("initial-backoff-ms")
    @WithConverter(Millis.class)
    Duration initialBackoff();

    @WithName("max-backoff-ms")
    @WithConverter(Millis.class)
    Duration maxBackoff();

    @Positive
    int maxAttempts();

    @WithName("timeout-ms")
    @WithConverter(Millis.class)
    Duration timeout();

    @NotBlank
    String encryptionKeyId();

    /** Required with settlement on; ClaimsService checks that, since settlement can be off. */
    Optional<String> encryptionKey();

    /** Earlier sealing keys as {@code id:base64}, comma separated: secrets sealed under them still open. */
    Optional<String> retiredKeys();

    Optional<List<String>> allowNetworks();
}
