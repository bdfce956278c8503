package org.careledger.bridge.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.careledger.contracts.DevAccounts;
import org.careledger.platform.secrets.PlaintextKafka;
import org.careledger.platform.secrets.PublicDevValues;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Outside the dev profile the bridge does not start while its anchoring key is one of anvil's (and
 * Hardhat's) well-known development accounts, or while Kafka is reached in plaintext. The message
 * names the setting, never the value. The providers' payment keys are the claims app's, not the bridge's.
 */
// a singleton, not a client proxy: injecting it creates it, so its check runs before whatever injected it
@Singleton
public class DevSecretsGuard {

    static final String ANCHORING_KEY = "careledger.ledger.private-key";

    /** Checked when the bean is created: the signing beans inject it, so no key is put to use before it passed; and again at start-up. */
    @PostConstruct
    void refusePublicValues() {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        if (config.getProfiles().contains("dev")) {
            return;
        }
        Map<String, Set<String>> publicValues = new LinkedHashMap<>();
        publicValues.put(ANCHORING_KEY, DevAccounts.keys());
        PublicDevValues.refuseOutsideDev(config.getProfiles(), publicValues, name -> config.getOptionalValue(name, String.class));
        PlaintextKafka.refuseOutsideDev(config.getProfiles(), name -> config.getOptionalValue(name, String.class));
    }

    void atStartup(@Observes @Priority(1) StartupEvent start) {
        // observing forces the bean into existence even when no key's consumer was created yet
    }
}
