package org.careledger.claims.config;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.NotBlank;

/** The topics the claims app writes ({@code careledger.topics.*}). */
@ConfigMapping(prefix = "careledger.topics")
public interface ClaimsTopics {

    /** Claim events that cannot be paid: a reference and a reason each. */
    @NotBlank
    String dlq();

    /** Decided claims. */
    @NotBlank
    String settlements();
}
