package org.careledger.mappings.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FreeTextScrubberTest {

    /**
     * Found by the damage property: a stray delimiter split "(412)555-0187" into the identifiers "(412"
     * and ")555-0187". The second starts with punctuation, so it is a whole value even right after a digit.
     */
    @Test
    void aValueThatStartsOrEndsWithPunctuationIsRemovedEvenNextToDigits() {
        FreeTextScrubber scrubber = new FreeTextScrubber(List.of("(412", ")555-0187"), Map.of());

        assertThat(scrubber.scrub("call (412)555-0187 today")).isEqualTo("call [REDACTED] today");
        assertThat(scrubber.scrub("CALL (412)555-0187 TODAY ÄÖ")).doesNotContain("555-0187").doesNotContain("(412");
    }

    @Test
    void aValueThatStartsAndEndsWithALetterStaysAWordBoundedMatch() {
        FreeTextScrubber scrubber = new FreeTextScrubber(List.of("Ann"), Map.of());

        assertThat(scrubber.scrub("Ann's annual review")).isEqualTo("[REDACTED]'s annual review");
        assertThat(scrubber.scrub("ÄNN für Ann")).isEqualTo("ÄNN für [REDACTED]");
    }
}
