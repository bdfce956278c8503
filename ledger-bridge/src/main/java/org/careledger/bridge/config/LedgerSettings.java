package org.careledger.bridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.careledger.platform.config.Millis;

/**
 * Anchoring ({@code careledger.ledger.*}): what is read, how batches close, the chain, its key, fees
 * and the auditor. Checked when the app starts, so a malformed or out-of-range value stops it with
 * the key's name; the defaults and their meaning are in application.properties (CONFIGURATION.md).
 */
@ConfigMapping(prefix = "careledger.ledger")
public interface LedgerSettings {

    @NotBlank
    String consumerGroup();

    @NotBlank
    String topicPattern();

    Batch batch();

    @Positive
    int maxInFlight();

    @NotBlank
    String rpcUrl();

    @Positive
    long chainId();

    Optional<Path> keystore();

    Optional<String> keystorePassword();

    Optional<Path> pemKey();

    Optional<String> privateKey();

    @NotBlank
    String anchorContract();

    @Positive
    int confirmations();

    @PositiveOrZero
    long reorgWindowBlocks();

    @Positive
    long maxFeeGwei();

    @PositiveOrZero
    long maxPriorityFeeGwei();

    @Positive
    long gasLimit();

    @PositiveOrZero
    int gasMarginPercent();

    @WithName("stuck-after-ms")
    @WithConverter(Millis.class)
    Duration stuckAfter();

    @WithName("retry-backoff-ms")
    @WithConverter(Millis.class)
    Duration retryBackoff();

    Audit audit();

    /** When a batch closes: at this many events, or when its first event is this old. */
    interface Batch {

        @Positive
        int maxEvents();

        @WithName("max-age-ms")
        @WithConverter(Millis.class)
        Duration maxAge();
    }

    /** The tamper auditor: how often, and what share of confirmed events it re-reads (0 turns it off). */
    interface Audit {

        @WithName("interval-ms")
        @WithConverter(Millis.class)
        Duration interval();

        @DecimalMin("0")
        @DecimalMax("1")
        double sampleRate();

        @PositiveOrZero
        int maxSample();
    }
}
