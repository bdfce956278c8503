package org.careledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class KeyRingTest {

    private static final String ONE = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final String TWO = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    @Test
    void parsesTheCurrentKeyAndTheRetiredOnes() {
        KeyRing ring = KeyRing.parse("careledger.raw.key", "k2", TWO, Optional.of("k1:" + ONE + ", k0:" + ONE));

        assertThat(ring.currentId()).isEqualTo("k2");
        assertThat(ring.knows("k1")).isTrue();
        assertThat(ring.knows("k0")).isTrue();
        assertThat(ring.knows("k9")).isFalse();
    }

    @Test
    void badValuesFailNamingTheConfigurationKeyAndTheRuleNeverTheValue() {
        assertThatThrownBy(() -> KeyRing.parse("careledger.raw.key", "k1", "not base64!", Optional.empty()))
                .hasMessage("careledger.raw.key: not base64");
        assertThatThrownBy(() -> KeyRing.parse("careledger.raw.key", "k1", ONE, Optional.of("k0=" + TWO)))
                .hasMessage("careledger.raw.key.retired: each entry is id:base64-key").hasMessageNotContaining(TWO);
        assertThatThrownBy(() -> KeyRing.parse("careledger.raw.key", "k1", ONE, Optional.of("k1:" + TWO)))
                .hasMessage("careledger.raw.key: key id k1 is listed twice");
        assertThatThrownBy(() -> KeyRing.parse("careledger.raw.key", "k1", Base64.getEncoder().encodeToString(new byte[16]), Optional.empty()))
                .hasMessage("careledger.raw.key: key k1 must be 32 bytes (AES-256), got 16");
    }

    @Test
    void sealedBytesOpenOnlyForTheirPurposeAndKeyId() throws Exception {
        KeyRing ring = KeyRing.parse("k", "k1", ONE, Optional.empty());
        Sealer.Sealed sealed = new Sealer(ring, "careledger.vault.v1").seal(new byte[] {1, 2, 3});

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(new Sealer(ring, "careledger.vault.v1").open("k1", sealed.bytes())).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> new Sealer(ring, "careledger.raw.v1").open("k1", sealed.bytes()))
                .as("another purpose").isInstanceOf(java.security.GeneralSecurityException.class);
        assertThatThrownBy(() -> new Sealer(ring, "careledger.vault.v1").open("k2", sealed.bytes()))
                .isInstanceOf(Sealer.UnknownKeyException.class);
    }
}
