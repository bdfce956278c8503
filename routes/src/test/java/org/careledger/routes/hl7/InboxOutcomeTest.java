package org.careledger.routes.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class InboxOutcomeTest {

    @Test
    void aFileLeavesTheInboxOnlyWhenEveryMessageIsStored() {
        assertThat(InboxOutcome.of(List.of("AA", "CA", "AA"), 1, 5).kind()).isEqualTo(InboxOutcome.Kind.DONE);
        assertThat(InboxOutcome.of(List.of("AA", "AE"), 1, 5).kind()).isEqualTo(InboxOutcome.Kind.RETRY);
    }

    @Test
    void anUnstoredMessageIsRetriedUntilTheLastAttemptThenWaitsForAPerson() {
        assertThat(InboxOutcome.of(List.of("AE"), 4, 5).kind()).isEqualTo(InboxOutcome.Kind.RETRY);
        InboxOutcome last = InboxOutcome.of(List.of("AA", "CE", "AR"), 5, 5);

        assertThat(last.kind()).isEqualTo(InboxOutcome.Kind.ERROR);
        assertThat(last.reason()).isEqualTo("1 of 3 messages were still not stored (AE) after 5 attempts; 1 were refused (AR)");
    }

    @Test
    void aRefusedMessageIsNotRetriedSinceNoResendCanSucceed() {
        InboxOutcome outcome = InboxOutcome.of(List.of("AA", "AR"), 1, 5);

        assertThat(outcome.kind()).isEqualTo(InboxOutcome.Kind.ERROR);
        assertThat(outcome.reason()).startsWith("1 of 2 messages were refused (AR)");
    }
}
