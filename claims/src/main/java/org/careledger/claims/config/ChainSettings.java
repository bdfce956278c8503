package org.careledger.claims.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.careledger.platform.config.Millis;

/**
 * The chain the claims app signs on ({@code careledger.chain.*}): its node, id, fee caps, the depth
 * at which a decision counts, and when a pending submission is replaced. Checked when the app starts.
 */
@ConfigMapping(prefix = "careledger.chain")
public interface ChainSettings {

    @NotBlank
    String rpcUrl();

    @Positive
    long chainId();

    @Positive
    int confirmations();

    @Positive
    long maxFeeGwei();

    @PositiveOrZero
    long maxPriorityFeeGwei();

    @PositiveOrZero
    int gasMarginPercent();

    @WithName("stuck-after-ms")
    @WithConverter(Millis.class)
    Duration stuckAfter();
}
