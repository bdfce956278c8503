package org.careledger.claims.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final byte[] BODY = "{\"claim\":\"0xabc\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureVerifiesWithTheSameSecretAndBody() {
        String header = WebhookSignature.header("s3cret", NOW, BODY);
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify("s3cret", header, BODY, NOW.plusSeconds(30), Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void anotherSecretAChangedBodyOrAnOldTimestampFail() {
        String header = WebhookSignature.header("s3cret", NOW, BODY);
        assertThat(WebhookSignature.verify("other", header, BODY, NOW, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("s3cret", header, "{\"claim\":\"0xabd\"}".getBytes(StandardCharsets.UTF_8), NOW,
                Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("s3cret", header, BODY, NOW.plusSeconds(301), Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void aMovedTimestampOrAGarbledHeaderFails() {
        String header = WebhookSignature.header("s3cret", NOW, BODY);
        String moved = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));
        assertThat(WebhookSignature.verify("s3cret", moved, BODY, NOW, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("s3cret", "t=x,v1=zz", BODY, NOW, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("s3cret", null, BODY, NOW, Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void theScheduleDoublesUpToItsCapAndStopsAfterItsAttempts() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(1), Duration.ofMinutes(5), 4);
        assertThat(schedule.delayAfter(1, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.delayAfter(3, 0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(schedule.delayAfter(30, 0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.delayAfter(3, 0.999)).isLessThan(Duration.ofMillis(4800));
        assertThat(schedule.retries(3)).isTrue();
        assertThat(schedule.retries(4)).isFalse();
        assertThat(schedule.budget()).isEqualTo(Duration.ofMillis(1200 + 2400 + 4800));
    }
}
