package org.careledger.contracts;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.utils.Numeric;

/**
 * anvil's (and Hardhat's) well-known development accounts, derived from their published mnemonic:
 * keys anyone can sign with, so an app outside the dev profile refuses to hold one.
 */
public final class DevAccounts {

    /** The mnemonic anvil and Hardhat fund their default accounts from; public by design. */
    static final String MNEMONIC = "test test test test test test test test test test test junk";
    public static final int COUNT = 20;

    private DevAccounts() {
    }

    /** The private keys of m/44'/60'/0'/0/i for the first {@link #COUNT} accounts, as 0x-hex. */
    public static Set<String> keys() {
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < COUNT; i++) {
            int[] path = {44 | Bip32ECKeyPair.HARDENED_BIT, 60 | Bip32ECKeyPair.HARDENED_BIT, Bip32ECKeyPair.HARDENED_BIT, 0, i};
            keys.add(Numeric.toHexStringWithPrefixZeroPadded(Bip32ECKeyPair.deriveKeyPair(master, path).getPrivateKey(), 64));
        }
        return keys;
    }

    /** The names (sorted) whose key is a development account. */
    public static List<String> holdingDevKeys(Map<String, Credentials> keys) {
        Set<String> dev = keys();
        return keys.entrySet().stream()
                .filter(e -> dev.contains(Numeric.toHexStringWithPrefixZeroPadded(e.getValue().getEcKeyPair().getPrivateKey(), 64)))
                .map(Map.Entry::getKey).sorted().toList();
    }
}
