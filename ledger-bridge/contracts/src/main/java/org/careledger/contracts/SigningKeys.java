package org.careledger.contracts;

import java.nio.file.Path;
import java.util.Optional;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/**
 * Where a signing key comes from: an encrypted JSON keystore (the geth/web3j format) with its
 * password, or a hex private key from a secret. Failures name the source, never key material.
 */
public final class SigningKeys {

    private SigningKeys() {
    }

    public static Credentials load(Optional<Path> keystore, Optional<String> keystorePassword, Optional<String> hexKey) {
        if (keystore.isPresent()) {
            try {
                return WalletUtils.loadCredentials(keystorePassword.orElse(""), keystore.get().toFile());
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot open the keystore " + keystore.get().getFileName()
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        String hex = hexKey.filter(k -> !k.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("no signing key: give a keystore file or a private key"));
        try {
            return Credentials.create(hex.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the private key is not a hex secp256k1 key");
        }
    }
}
