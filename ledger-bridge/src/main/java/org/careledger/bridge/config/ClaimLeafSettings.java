package org.careledger.bridge.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.NotBlank;

/**
 * What the bridge needs of claim settlement ({@code careledger.claims.*}) to add claim leaves to its
 * batches: the contract (none, no leaves), the claim topic and the currency. The claims app reads the
 * same three keys, so a leaf commits to the claim exactly as the claims app will submit it.
 */
@ConfigMapping(prefix = "careledger.claims")
public interface ClaimLeafSettings {

    /** The ClaimSettlement address; claim leaves are added while it is set. */
    Optional<String> settlementContract();

    @NotBlank
    String topic();

    @NotBlank
    String currency();

    /** Whether a settlement contract is configured. */
    default Optional<String> contract() {
        return settlementContract().map(String::trim).filter(c -> !c.isEmpty());
    }
}
