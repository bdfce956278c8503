package org.careledger.claims.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.careledger.platform.config.Millis;

/**
 * Claim settlement ({@code careledger.claims.*}), off while {@code settlement-contract} is empty.
 * Checked when the app starts; the defaults and their meaning are in application.properties.
 */
@ConfigMapping(prefix = "careledger.claims")
public interface ClaimsSettings {

    /** The ClaimSettlement address, when settlement is on (the bridge must anchor claim leaves for the same one). */
    Optional<String> settlementContract();

    /** The ledger bridge, whose {@code GET /proofs/{eventId}} says where each claim's event is anchored. */
    @NotBlank
    String bridgeUrl();

    Optional<String> providerId();

    Optional<String> providerKey();

    Optional<Path> providerKeyDir();

    @NotBlank
    String topic();

    @NotBlank
    String consumerGroup();

    @NotBlank
    String currency();

    /** ClaimSettlement takes at most 20 claims per call. */
    @Positive
    @Max(20)
    int maxPerTransaction();

    @Positive
    long gasLimit();

    @WithName("escrow-retry-ms")
    @WithConverter(Millis.class)
    Duration escrowRetry();

    @WithName("retry-ms")
    @WithConverter(Millis.class)
    Duration retry();

    @WithName("poll-ms")
    @WithConverter(Millis.class)
    Duration poll();

    /** Whether a settlement contract is configured. */
    default Optional<String> contract() {
        return settlementContract().map(String::trim).filter(c -> !c.isEmpty());
    }
}
