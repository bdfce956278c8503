package org.careledger.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.careledger.contracts.DevAccounts;
import org.junit.jupiter.api.Test;

class AnvilNodeKeysTest {

    /** The apps refuse development accounts outside dev; every key the dev stack hands out must be one, or it would pass. */
    @Test
    void everyKeyTheDevStackUsesIsARefusedDevelopmentAccount() {
        assertThat(DevAccounts.keys()).contains(AnvilNode.DEPLOYER_KEY, AnvilNode.BRIDGE_KEY, AnvilNode.PROVIDER_KEY,
                AnvilNode.SECOND_PROVIDER_KEY);
    }
}
