package org.careledger.bridge.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;

import org.careledger.contracts.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

class SigningKeysTest {

    private static final String KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    @TempDir
    Path dir;

    @Test
    void keystoreWithItsPasswordGivesTheSameKeyAsTheHexForm() throws Exception {
        Credentials expected = Credentials.create(KEY);
        Path keystore = dir.resolve(WalletUtils.generateWalletFile("s3cret", expected.getEcKeyPair(), dir.toFile(), false));

        Credentials loaded = SigningKeys.load(Optional.of(keystore), Optional.of("s3cret"), Optional.empty());

        assertThat(loaded.getAddress()).isEqualTo(expected.getAddress());
        assertThat(SigningKeys.load(Optional.empty(), Optional.empty(), Optional.of(KEY)).getAddress()).isEqualTo(expected.getAddress());
    }

    @Test
    void wrongPasswordOrBadHexFailWithoutQuotingSecrets() throws Exception {
        Path keystore = dir.resolve(WalletUtils.generateWalletFile("s3cret", Credentials.create(KEY).getEcKeyPair(), dir.toFile(), false));

        assertThatThrownBy(() -> SigningKeys.load(Optional.of(keystore), Optional.of("guess"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("guess").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> SigningKeys.load(Optional.empty(), Optional.empty(), Optional.of("0xnot-hex-but-secret")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not-hex-but-secret");
        assertThatThrownBy(() -> SigningKeys.load(Optional.empty(), Optional.empty(), Optional.of(" ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no signing key");
    }

    @Test
    void pemKeysInSec1AndPkcs8FormGiveTheSameAddressAsTheHexForm() throws Exception {
        String expected = Credentials.create(KEY).getAddress();

        for (String file : new String[] {"anvil-1-sec1.pem", "anvil-1-pkcs8.pem"}) {
            Credentials loaded = SigningKeys.load(Optional.empty(), Optional.empty(), Optional.of(key(file)), Optional.empty());
            assertThat(loaded.getAddress()).as(file).isEqualTo(expected);
        }
    }

    @Test
    void pemKeysThatAreEncryptedOnAnotherCurveOrDamagedAreRefusedByName() throws Exception {
        Path damaged = dir.resolve("damaged.pem");
        java.nio.file.Files.writeString(damaged, "-----BEGIN EC PRIVATE KEY-----\nMHQCAQEEIFnGmV6Z\n-----END EC PRIVATE KEY-----\n");

        assertThatThrownBy(() -> SigningKeys.load(Optional.empty(), Optional.empty(), Optional.of(key("anvil-1-encrypted.pem")), Optional.empty()))
                .hasMessageContaining("ENCRYPTED PRIVATE KEY").hasMessageContaining("keystore");
        assertThatThrownBy(() -> SigningKeys.load(Optional.empty(), Optional.empty(), Optional.of(key("p256-sec1.pem")), Optional.empty()))
                .hasMessageContaining("secp256k1");
        assertThatThrownBy(() -> SigningKeys.load(Optional.empty(), Optional.empty(), Optional.of(damaged), Optional.empty()))
                .hasMessage("the PEM file damaged.pem is not a valid EC PRIVATE KEY");
    }

    private static Path key(String name) throws Exception {
        return Path.of(SigningKeysTest.class.getResource("/keys/" + name).toURI());
    }
}
