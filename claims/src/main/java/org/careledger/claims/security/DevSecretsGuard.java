package org.careledger.claims.security;

import java.util.LinkedHashMap;
import java.util.List;
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
import org.web3j.crypto.Credentials;

/**
 * Outside the dev profile the claims app does not start while a provider's key is one of anvil's
 * (and Hardhat's) well-known development accounts, while the webhook sealing key, current or retired,
 * is the value the {@code %dev.} profile gives it, or while Kafka is reached in plaintext. Messages name the setting
 * or the provider, never the value.
 */
// a singleton, not a client proxy: injecting it creates it, so its check runs before whatever injected it
@Singleton
public class DevSecretsGuard {

    static final String PROVIDER_KEY = "careledger.claims.provider-key";
    static final String WEBHOOK_KEY = "careledger.webhooks.encryption-key";
    static final String WEBHOOK_RETIRED_KEYS = "careledger.webhooks.retired-keys";

    /** Checked when the bean is created: the key-holding beans inject it; and again at start-up. */
    @PostConstruct
    void refusePublicValues() {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        if (config.getProfiles().contains("dev")) {
            return;
        }
        Map<String, Set<String>> publicValues = new LinkedHashMap<>();
        publicValues.put(PROVIDER_KEY, DevAccounts.keys());
        publicValues.put(WEBHOOK_KEY, PublicDevValues.devProfileValues(config.getConfigSources(), WEBHOOK_KEY));
        publicValues.put(WEBHOOK_RETIRED_KEYS, publicValues.get(WEBHOOK_KEY));
        PublicDevValues.refuseOutsideDev(config.getProfiles(), publicValues, name -> WEBHOOK_RETIRED_KEYS.equals(name)
                ? PublicDevValues.retiredAmong(name, config.getOptionalValue(name, String.class), publicValues.get(name))
                : config.getOptionalValue(name, String.class));
        PlaintextKafka.refuseOutsideDev(config.getProfiles(), name -> config.getOptionalValue(name, String.class));
    }

    /**
     * Outside dev, refuses providers' signing keys loaded from files (the key directory) that are
     * public development accounts; the message names each provider, never the key.
     */
    public static void refuseDevKeys(List<String> profiles, String setting, Map<String, Credentials> keys) {
        if (profiles.contains("dev")) {
            return;
        }
        List<String> holding = DevAccounts.holdingDevKeys(keys);
        if (!holding.isEmpty()) {
            throw new IllegalStateException(setting + " holds a public development key for " + String.join(", ", holding)
                    + "; outside the dev profile every provider needs its own key");
        }
    }

    void atStartup(@Observes @Priority(1) StartupEvent start) {
        // observing forces the bean into existence even when no key's consumer was created yet
    }
}
