package org.careledger.bridge.security;

import java.util.HashSet;
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
import org.careledger.connectors.secrets.PlaintextKafka;
import org.careledger.connectors.secrets.PublicDevValues;
import org.eclipse.microprofile.config.ConfigProvider;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.utils.Numeric;

/**
 * Outside the dev profile the bridge does not start while a key holds a public value: one of
 * anvil's (and Hardhat's) well-known development accounts, derived here from their published
 * mnemonic, or the {@code %dev.} value application.properties gives a secret. The message names the
 * settings, never the values.
 */
// a singleton, not a client proxy: injecting it creates it, so its check runs before whatever injected it
@Singleton
public class DevSecretsGuard {

    /** The mnemonic anvil and Hardhat fund their default accounts from; public by design. */
    static final String DEV_MNEMONIC = "test test test test test test test test test test test junk";
    static final int DEV_ACCOUNTS = 20;
    static final List<String> CHAIN_KEYS = List.of("careledger.ledger.private-key", "careledger.claims.provider-key");
    static final List<String> SECRETS = List.of("careledger.webhooks.encryption-key");

    /**
     * Checked when the bean is created: the signing and webhook beans inject it, so no key is put to
     * use before it passed; and again at start-up.
     */
    @PostConstruct
    void refusePublicValues() {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        if (config.getProfiles().contains("dev")) {
            return;
        }
        Map<String, Set<String>> publicValues = new LinkedHashMap<>();
        Set<String> anvil = devAccountKeys();
        CHAIN_KEYS.forEach(key -> publicValues.put(key, anvil));
        SECRETS.forEach(secret -> publicValues.put(secret, PublicDevValues.devProfileValues(config.getConfigSources(), secret)));
        PublicDevValues.refuseOutsideDev(config.getProfiles(), publicValues, name -> config.getOptionalValue(name, String.class));
        PlaintextKafka.refuseOutsideDev(config.getProfiles(), name -> config.getOptionalValue(name, String.class));
    }

    /**
     * Outside dev, refuses signing keys loaded from files (the providers' key directory) that are
     * public development accounts; the message names each provider, never the key.
     */
    public static void refuseDevKeys(List<String> profiles, String setting, Map<String, org.web3j.crypto.Credentials> keys) {
        if (profiles.contains("dev")) {
            return;
        }
        Set<String> anvil = devAccountKeys();
        List<String> public_ = keys.entrySet().stream()
                .filter(e -> anvil.contains(Numeric.toHexStringWithPrefixZeroPadded(e.getValue().getEcKeyPair().getPrivateKey(), 64)))
                .map(Map.Entry::getKey).sorted().toList();
        if (!public_.isEmpty()) {
            throw new IllegalStateException(setting + " holds a public development key for " + String.join(", ", public_)
                    + "; outside the dev profile every provider needs its own key");
        }
    }

    void atStartup(@Observes @Priority(1) StartupEvent start) {
        // observing forces the bean into existence even when no key's consumer was created yet
    }

    /** The private keys of m/44'/60'/0'/0/i for the first {@link #DEV_ACCOUNTS} accounts, as 0x-hex. */
    static Set<String> devAccountKeys() {
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(DEV_MNEMONIC, ""));
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < DEV_ACCOUNTS; i++) {
            int[] path = {44 | Bip32ECKeyPair.HARDENED_BIT, 60 | Bip32ECKeyPair.HARDENED_BIT, Bip32ECKeyPair.HARDENED_BIT, 0, i};
            keys.add(Numeric.toHexStringWithPrefixZeroPadded(Bip32ECKeyPair.deriveKeyPair(master, path).getPrivateKey(), 64));
        }
        return keys;
    }
}
