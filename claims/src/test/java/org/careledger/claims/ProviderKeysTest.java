package org.careledger.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

class ProviderKeysTest {

    private static final String KEY_A = "0x" + "11".repeat(32);
    private static final String KEY_B = "0x" + "22".repeat(32);

    @Test
    void oneKeyFilePerProviderAndTheConfiguredPairAreAllHeld(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("provider-b.key"), KEY_B + "\n");
        Files.copy(Path.of("src/test/resources/keys/anvil-1-sec1.pem"), dir.resolve("provider-c.pem"));
        Files.writeString(dir.resolve("README.txt"), "not a key");

        Map<String, Credentials> keys = ProviderKeys.load(Optional.of("provider-a"), Optional.of(KEY_A), Optional.of(dir));

        assertThat(keys).containsOnlyKeys("provider-a", "provider-b", "provider-c");
        assertThat(keys.get("provider-a").getAddress()).isEqualTo(Credentials.create(KEY_A).getAddress());
        assertThat(keys.get("provider-b").getAddress()).isEqualTo(Credentials.create(KEY_B).getAddress());
        assertThat(keys.get("provider-c").getAddress()).isEqualTo(Credentials.create(org.careledger.devstack.AnvilNode.BRIDGE_KEY).getAddress());
    }

    @Test
    void noKeyConfiguredHoldsNone() {
        assertThat(ProviderKeys.load(Optional.of("provider-a"), Optional.of(" "), Optional.empty())).isEmpty();
    }
}
