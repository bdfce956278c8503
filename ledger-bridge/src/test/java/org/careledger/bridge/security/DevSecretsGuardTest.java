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
}
