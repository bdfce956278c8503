package org.careledger.platform.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MillisTest {

    private final Millis millis = new Millis();

    @Test
    void aWholeNumberIsThatManyMilliseconds() {
        assertThat(millis.convert(" 1500 ")).isEqualTo(Duration.ofMillis(1500));
        assertThat(millis.convert("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void anEmptyValueIsNotSet() {
        assertThat(millis.convert("  ")).isNull();
    }

    @Test
    void aUnitOrAFractionIsRefusedWithoutQuotingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> millis.convert("5s"))
                .withMessage("expected a whole number of milliseconds");
        assertThatIllegalArgumentException().isThrownBy(() -> millis.convert("1.5"))
                .withMessageNotContaining("1.5");
    }

    @Test
    void aNegativeDurationIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> millis.convert("-1"))
                .withMessage("expected zero or more milliseconds");
    }
}
