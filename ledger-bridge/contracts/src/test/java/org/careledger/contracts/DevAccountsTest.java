package org.careledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

class DevAccountsTest {

    /** anvil's accounts #0 and #9, as its start-up banner prints them. */
    private static final String ANVIL_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String ANVIL_9 = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";

    @Test
    void theDerivedAccountsAreAnvilsPublishedOnes() {
        assertThat(DevAccounts.keys()).hasSize(DevAccounts.COUNT).contains(ANVIL_0, ANVIL_9);
    }

    @Test
    void namesHoldingADevKeyAreFoundAndOthersAreNot() {
        Map<String, Credentials> keys = Map.of(
                "provider-real", Credentials.create("0x" + "11".repeat(32)),
                "provider-dev", Credentials.create(ANVIL_9));

        assertThat(DevAccounts.holdingDevKeys(keys)).containsExactly("provider-dev");
    }
}
