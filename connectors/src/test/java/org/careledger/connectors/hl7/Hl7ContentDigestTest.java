package org.careledger.connectors.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Hl7ContentDigestTest {

    private static String digest(String text) {
        return Hl7ContentDigest.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void segmentSeparatorsAndTrailingSeparatorsDoNotChangeTheDigest() {
        String cr = digest("MSH|^~\\&|A|B|C|D|1||ADT^A01|X1|P|2.5\rPID|1\r");

        assertThat(digest("MSH|^~\\&|A|B|C|D|1||ADT^A01|X1|P|2.5\r\nPID|1\r\n")).isEqualTo(cr);
        assertThat(digest("MSH|^~\\&|A|B|C|D|1||ADT^A01|X1|P|2.5\nPID|1")).isEqualTo(cr);
        assertThat(cr).hasSize(64);
    }

    @Test
    void anyChangeOfContentChangesTheDigest() {
        String first = digest("MSH|^~\\&|A|B|C|D|1||ADT^A01|X1|P|2.5\rPID|1||M1\r");

        assertThat(digest("MSH|^~\\&|A|B|C|D|1||ADT^A01|X1|P|2.5\rPID|1||M2\r")).isNotEqualTo(first);
        assertThat(digest("MSH|^~\\&|A|B|C|D|1||ADT^A01|X1|P|2.5\rPID|1||M1 \r")).isNotEqualTo(first);
    }
}
