package org.careledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class KeyedHashTest {

    private static final byte[] ONE = new byte[32];
    private static final byte[] TWO = new byte[32];

    static {
        ONE[0] = 1;
        TWO[0] = 2;
    }

    @Test
    void aValueHashedUnderTheRetiredKeyIsAmongTheHashesUnderEveryKeyCurrentFirst() {
        byte[] before = new KeyedHash(KeyRing.of("k1", ONE)).current("STMARYS", "MRN-1");
        KeyedHash rotated = new KeyedHash(KeyRing.of("k2", TWO, Map.of("k1", ONE)));

        Map<String, byte[]> all = rotated.underEveryKey("STMARYS", "MRN-1");

        assertThat(all.keySet()).containsExactly("k2", "k1");
        assertThat(all.get("k1")).isEqualTo(before);
        assertThat(all.get("k2")).isEqualTo(rotated.current("STMARYS", "MRN-1")).isNotEqualTo(before);
        assertThat(rotated.currentId()).isEqualTo("k2");
    }

    @Test
    void partsAreSeparatedSoMovingTheBoundaryChangesTheHash() {
        KeyedHash hash = new KeyedHash(KeyRing.of("k1", ONE));
        assertThat(hash.current("AB", "C")).isNotEqualTo(hash.current("A", "BC"));
    }
}
