package org.careledger.claims.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class WebhookSecretsTest {

    private static final WebhookSecrets KEY_1 = TestWebhookSecrets.SECRETS;
    /** Key 2 current, key 1 retired: the rotation an operator makes. */
    private static final WebhookSecrets KEY_2_AFTER_1 = new WebhookSecrets("test-2", Optional.of(TestWebhookSecrets.KEY_2),
            Optional.of("test-1:" + TestWebhookSecrets.KEY_1));

    @Test
    void aSecretSealedUnderKey1StillOpensAfterKey2BecomesCurrent() {
        WebhookSecrets.Sealed old = KEY_1.seal("whsec_before-rotation");

        assertThat(old.keyId()).isEqualTo("test-1");
        assertThat(KEY_2_AFTER_1.open(old.keyId(), old.ciphertext())).isEqualTo("whsec_before-rotation");
    }

    @Test
    void newSecretsAreSealedUnderKey2AndKey1AloneCannotOpenThem() {
        WebhookSecrets.Sealed fresh = KEY_2_AFTER_1.seal("whsec_after-rotation");

        assertThat(fresh.keyId()).isEqualTo("test-2");
        assertThat(KEY_2_AFTER_1.open(fresh.keyId(), fresh.ciphertext())).isEqualTo("whsec_after-rotation");
        assertThatThrownBy(() -> KEY_1.open(fresh.keyId(), fresh.ciphertext()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("test-2").hasMessageContaining("retired-keys");
    }

    @Test
    void aSecretUnderAKeyNoLongerListedFailsNamingItsKeyIdNotAValue() {
        WebhookSecrets.Sealed old = KEY_1.seal("whsec_forgotten");
        WebhookSecrets key2Only = new WebhookSecrets("test-2", Optional.of(TestWebhookSecrets.KEY_2), Optional.empty());

        assertThatThrownBy(() -> key2Only.open(old.keyId(), old.ciphertext()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("test-1")
                .hasMessageNotContaining("whsec_").hasMessageNotContaining(TestWebhookSecrets.KEY_1);
    }

    @Test
    void aSecretRelabelledWithAnotherKeyIdDoesNotOpen() {
        WebhookSecrets.Sealed old = KEY_1.seal("whsec_relabelled");

        assertThatThrownBy(() -> KEY_2_AFTER_1.open("test-2", old.ciphertext())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMalformedRetiredListFailsNamingTheSettingNotTheKey() {
        assertThatThrownBy(() -> new WebhookSecrets("test-2", Optional.of(TestWebhookSecrets.KEY_2), Optional.of(TestWebhookSecrets.KEY_1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("careledger.webhooks.encryption-key")
                .hasMessageNotContaining(TestWebhookSecrets.KEY_1);
    }
}
