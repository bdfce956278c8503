package org.careledger.routes.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.careledger.platform.secrets.PlaintextKafka;
import org.careledger.platform.secrets.PublicDevValues;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Outside the dev profile the routes app does not start while a secret holds the public value its
 * {@code %dev.} entry in application.properties gives it: raw-record key, vault keys, de-identification
 * keys. The message names the settings, never the values. Nor does it start with Kafka in the clear
 * ({@link PlaintextKafka}).
 */
// a singleton, not a client proxy: injecting it creates it, so its check runs before whatever injected it
@Singleton
public class DevSecretsGuard {

    /** Each retired-keys list, with the secret whose earlier values it keeps usable. */
    private static final Map<String, String> RETIRED = Map.of("careledger.raw.retired-keys", "careledger.raw.key",
            "careledger.vault.retired-hmac-keys", "careledger.vault.hmac-key",
            "careledger.vault.retired-encryption-keys", "careledger.vault.encryption-key",
            "careledger.deid.retired-hash-keys", "careledger.deid.hash-key",
            "careledger.deid.retired-encryption-keys", "careledger.deid.encryption-key");

    static final List<String> SECRETS = List.of("careledger.raw.key", "careledger.vault.hmac-key",
            "careledger.vault.encryption-key", "careledger.deid.hash-key", "careledger.deid.encryption-key");

    /**
     * Checked when the bean is created: the producers of the raw cipher, the vault and the
     * de-identifier inject it, so no secret is put to use before it passed; and again at start-up.
     */
    @PostConstruct
    void refusePublicValues() {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        Map<String, Set<String>> publicValues = new LinkedHashMap<>();
        for (String secret : SECRETS) {
            publicValues.put(secret, PublicDevValues.devProfileValues(config.getConfigSources(), secret));
        }
        // a public key kept as a retired one would still open records or find patients: it counts as in use
        RETIRED.forEach((list, secret) -> publicValues.put(list, publicValues.get(secret)));
        Function<String, Optional<String>> configured = name -> RETIRED.containsKey(name)
                ? PublicDevValues.retiredAmong(name, config.getOptionalValue(name, String.class), publicValues.get(name))
                : config.getOptionalValue(name, String.class);
        PublicDevValues.refuseOutsideDev(config.getProfiles(), publicValues, configured);
        PlaintextKafka.refuseOutsideDev(config.getProfiles(), name -> config.getOptionalValue(name, String.class));
    }

    void atStartup(@Observes @Priority(1) StartupEvent start) {
        // observing forces the bean into existence even when no secret's consumer was created yet
    }
}
