package org.careledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SealerTest {

    private static final byte[] TEXT = "identity envelope".getBytes(StandardCharsets.UTF_8);

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void aRecordSealedUnderKey1StillOpensAfterKey2BecomesCurrentAndNewRecordsUseKey2() throws Exception {
        Sealer.Sealed old = new Sealer(KeyRing.of("k1", key(1)), "vault").seal(TEXT);
        Sealer rotated = new Sealer(KeyRing.of("k2", key(2), Map.of("k1", key(1))), "vault");

        Sealer.Sealed fresh = rotated.seal(TEXT);

        assertThat(old.keyId()).isEqualTo("k1");
        assertThat(fresh.keyId()).isEqualTo("k2");
        assertThat(rotated.open("k1", old.bytes())).isEqualTo(TEXT);
        assertThat(rotated.open("k2", fresh.bytes())).isEqualTo(TEXT);
    }

    @Test
    void aRetiredKeyThatIsDroppedNoLongerOpensWhatItSealed() {
        Sealer.Sealed old = new Sealer(KeyRing.of("k1", key(1)), "vault").seal(TEXT);
        Sealer dropped = new Sealer(KeyRing.of("k2", key(2)), "vault");

        assertThatThrownBy(() -> dropped.open("k1", old.bytes())).isInstanceOf(Sealer.UnknownKeyException.class);
    }

    @Test
    void sealedBytesOpenOnlyForTheirPurposeAndUnderTheirKeyId() {
        KeyRing ring = KeyRing.of("k2", key(1), Map.of("k1", key(1)));
        Sealer.Sealed sealed = new Sealer(ring, "vault").seal(TEXT);

        assertThatThrownBy(() -> new Sealer(ring, "raw").open("k2", sealed.bytes())).isInstanceOf(GeneralSecurityException.class);
        // the same key bytes under another id: the id is bound in, so relabelling fails too
        assertThatThrownBy(() -> new Sealer(ring, "vault").open("k1", sealed.bytes())).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void alteredOrTruncatedBytesDoNotOpen() {
        Sealer sealer = new Sealer(KeyRing.of("k1", key(1)), "vault");
        byte[] bytes = sealer.seal(TEXT).bytes();
        bytes[bytes.length - 1] ^= 1;

        assertThatThrownBy(() -> sealer.open("k1", bytes)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> sealer.open("k1", new byte[10])).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void twoSealsOfTheSameTextDiffer() {
        Sealer sealer = new Sealer(KeyRing.of("k1", key(1)), "vault");

        assertThat(sealer.seal(TEXT).bytes()).isNotEqualTo(sealer.seal(TEXT).bytes());
    }
}
