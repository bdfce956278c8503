package org.careledger.routes.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageLimitsTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void theShippedDefaultsAgree() {
        // careledger.mllp.max-message-bytes, max-frame-bytes, careledger.http.max-body, careledger.kafka.max-record-bytes
        assertThat(StorageLimits.conflicts(10 * MIB, 32 * MIB, 16 * MIB, 18 * MIB)).isEmpty();
    }

    @Test
    void aMessageCapAboveWhatOneRecordHoldsIsNamed() {
        assertThat(StorageLimits.conflicts(20 * MIB, 32 * MIB, 16 * MIB, 18 * MIB)).singleElement().asString()
                .contains("careledger.mllp.max-message-bytes (20971520)").contains("careledger.kafka.max-record-bytes (18874368)");
    }

    @Test
    void anHttpBodyCapAboveWhatOneRecordHoldsIsNamed() {
        assertThat(StorageLimits.conflicts(10 * MIB, 32 * MIB, 18 * MIB, 18 * MIB)).singleElement().asString()
                .contains("careledger.http.max-body").contains("FHIR body");
    }

    @Test
    void aFrameCapBelowTheMessageCapIsNamed() {
        assertThat(StorageLimits.conflicts(10 * MIB, 8 * MIB, 16 * MIB, 18 * MIB)).singleElement().asString()
                .contains("careledger.mllp.max-frame-bytes (8388608)");
    }
}
