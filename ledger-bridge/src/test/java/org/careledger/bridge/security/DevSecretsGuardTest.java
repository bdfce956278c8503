package org.careledger.bridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.careledger.devstack.AnvilNode;
import org.junit.jupiter.api.Test;

class DevSecretsGuardTest {

    @Test
    void theDerivedDevAccountsIncludeEveryKeyTheDevStackUses() {
        assertThat(DevSecretsGuard.devAccountKeys())
                .hasSize(DevSecretsGuard.DEV_ACCOUNTS)
                .contains(AnvilNode.DEPLOYER_KEY, AnvilNode.BRIDGE_KEY, AnvilNode.PROVIDER_KEY);
    }

    @Test
    void aProviderKeyFileHoldingAPublicDevKeyIsRefusedOutsideDevNamingTheProviderNotTheKey() {
        java.util.Map<String, org.web3j.crypto.Credentials> keys = java.util.Map.of(
                "provider-real", org.web3j.crypto.Credentials.create("0x" + "11".repeat(32)),
                "provider-dev", org.web3j.crypto.Credentials.create(AnvilNode.PROVIDER_KEY));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DevSecretsGuard.refuseDevKeys(java.util.List.of("prod"),
                        "careledger.claims.provider-key-dir", keys))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("provider-dev").hasMessageNotContaining("provider-real")
                .hasMessageNotContaining(AnvilNode.PROVIDER_KEY.substring(2));
        DevSecretsGuard.refuseDevKeys(java.util.List.of("dev"), "careledger.claims.provider-key-dir", keys);
        DevSecretsGuard.refuseDevKeys(java.util.List.of("prod"), "careledger.claims.provider-key-dir",
                java.util.Map.of("provider-real", keys.get("provider-real")));
    }
}
