package org.careledger.bridge.config;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.NotBlank;

/** The topics the bridge writes ({@code careledger.topics.*}). */
@ConfigMapping(prefix = "careledger.topics")
public interface BridgeTopics {

    /** Records on the event topics that cannot be anchored or paid: a reference and a reason each. */
    @NotBlank
    String dlq();

    /** Tamper-audit findings. */
    @NotBlank
    String tamper();
}
