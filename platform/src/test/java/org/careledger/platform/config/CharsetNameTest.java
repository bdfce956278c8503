package org.careledger.platform.config;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CharsetNameTest {

    private final CharsetName charsets = new CharsetName();

    @Test
    void aKnownNameOrAliasIsThatCharset() {
        assertThat(charsets.convert(" UTF-8 ")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(charsets.convert("latin1")).isEqualTo(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anEmptyValueIsNotSet() {
        assertThat(charsets.convert(" ")).isNull();
    }

    @Test
    void anUnknownOrMalformedNameIsRefusedWithoutQuotingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> charsets.convert("klingon-8"))
                .withMessageNotContaining("klingon");
        assertThatIllegalArgumentException().isThrownBy(() -> charsets.convert("not a name"))
                .withMessage("expected a charset this JVM supports, such as UTF-8 or ISO-8859-1");
    }
}
