package org.careledger.platform.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import org.junit.jupiter.api.Test;

class RawRecordCipherTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "MSH|^~\\&|A|B|C|D|2026||ADT^A01|X1|P|2.5\rPID|1||MRN1\r".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedRecordOpensToTheSameBytesAndHidesThem() throws Exception {
        RawRecordCipher cipher = new RawRecordCipher("k1", KEY);

        byte[] sealed = cipher.seal(MESSAGE);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("MRN1").doesNotContain("MSH");
        assertThat(cipher.open(sealed)).isEqualTo(MESSAGE);
        assertThat(cipher.seal(MESSAGE)).as("fresh nonce per record").isNotEqualTo(sealed);
    }

    @Test
    void refusesATamperedRecord() {
        RawRecordCipher cipher = new RawRecordCipher("k1", KEY);
        byte[] sealed = cipher.seal(MESSAGE);
        sealed[20] ^= 1;

        assertThatThrownBy(() -> cipher.open(sealed)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void refusesARecordSealedUnderAnotherKeyId() {
        byte[] sealed = new RawRecordCipher("k1", KEY).seal(MESSAGE);

        assertThatThrownBy(() -> new RawRecordCipher("k2", KEY).open(sealed)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aRecordSealedUnderKeyOneStillOpensAfterKeyTwoBecomesCurrentAndNewRecordsUseKeyTwo() throws Exception {
        byte[] keyTwo = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        RawRecordCipher before = new RawRecordCipher("k1", KEY);
        byte[] old = before.seal(MESSAGE);

        RawRecordCipher rotated = new RawRecordCipher(org.careledger.crypto.KeyRing.of("k2", keyTwo, java.util.Map.of("k1", KEY)));
        byte[] fresh = rotated.seal(MESSAGE);

        assertThat(rotated.keyId()).isEqualTo("k2");
        assertThat(rotated.open("k1", old)).isEqualTo(MESSAGE);
        assertThat(rotated.open("k2", fresh)).isEqualTo(MESSAGE);
        assertThatThrownBy(() -> before.open("k2", fresh)).as("the old app does not know key 2")
                .isInstanceOf(org.careledger.crypto.Sealer.UnknownKeyException.class);
        assertThatThrownBy(() -> rotated.open("k1", fresh)).as("sealed under k2, not k1").isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void refusesKeysThatAreNotAes256() {
        assertThatThrownBy(() -> new RawRecordCipher("k1", new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
