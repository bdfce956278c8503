package org.careledger.claims.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.careledger.devstack.AnvilNode;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

class DevSecretsGuardTest {

    private static final String SETTING = "careledger.claims.provider-key-dir";

    private final Map<String, Credentials> keys = Map.of(
            "provider-real", Credentials.create("0x" + "11".repeat(32)),
            "provider-dev", Credentials.create(AnvilNode.PROVIDER_KEY));

    @Test
    void aProviderKeyFileHoldingAPublicDevKeyIsRefusedOutsideDevNamingTheProviderNotTheKey() {
        assertThatThrownBy(() -> DevSecretsGuard.refuseDevKeys(List.of("prod"), SETTING, keys))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("provider-dev").hasMessageNotContaining("provider-real")
                .hasMessageNotContaining(AnvilNode.PROVIDER_KEY.substring(2));
    }

    @Test
    void theDevProfileTakesDevKeysAndOtherProfilesTakeOwnKeys() {
        assertThatCode(() -> DevSecretsGuard.refuseDevKeys(List.of("dev"), SETTING, keys)).doesNotThrowAnyException();
        assertThatCode(() -> DevSecretsGuard.refuseDevKeys(List.of("prod"), SETTING, Map.of("provider-real", keys.get("provider-real"))))
                .doesNotThrowAnyException();
    }
}
