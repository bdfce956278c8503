package org.careledger.routes.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.careledger.mappings.engine.MappingException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void aPostgresqlConnectionFailureWrappedByTheVaultIsTransient() {
        var refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        var wrapped = new IllegalStateException("pseudonym vault unavailable: 08001", refused);
        assertThat(FailureKind.unavailableDependency(wrapped)).contains(FailureKind.POSTGRESQL);
    }

    @Test
    void anAdminShutdownAndAPoolTimeoutWithoutStateAreTransient() {
        assertThat(FailureKind.unavailableDependency(new SQLException("terminating connection", "57P01")))
                .contains(FailureKind.POSTGRESQL);
        assertThat(FailureKind.unavailableDependency(new SQLException("Acquisition timeout while waiting for new connection")))
                .contains(FailureKind.POSTGRESQL);
    }

    @Test
    void aStatementThePostgresqlServerRefusesIsTheMessages() {
        assertThat(FailureKind.unavailableDependency(new SQLException("value too long", "22001"))).isEmpty();
    }

    @Test
    void kafkaTimeoutsAndTooFewReplicasAreTransientButATooLargeRecordIsNot() {
        assertThat(FailureKind.unavailableDependency(new ExecutionException(new TimeoutException("expired"))))
                .contains(FailureKind.KAFKA);
        assertThat(FailureKind.unavailableDependency(new NotEnoughReplicasException("1 of 2"))).contains(FailureKind.KAFKA);
        assertThat(FailureKind.unavailableDependency(new RecordTooLargeException("over max.request.size"))).isEmpty();
    }

    @Test
    void aJsonErrorIsTheMessagesEvenThoughItIsAnIoException() {
        var json = new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character");
        assertThat(FailureKind.unavailableDependency(json)).isEmpty();
        var wrapped = new MappingException("serialization-failed", "event: could not be written");
        wrapped.initCause(new java.net.SocketTimeoutException("not the message's fault, but judged by the mapper"));
        assertThat(FailureKind.unavailableDependency(wrapped)).as("the mapper's verdict wins").isEmpty();
    }

    @Test
    void aRefusedConnectionIsTransient() {
        assertThat(FailureKind.unavailableDependency(new IllegalStateException("call failed", new java.net.ConnectException("refused"))))
                .contains(FailureKind.NETWORK);
    }

    @Test
    void mappingAndParseFailuresAreTheMessages() {
        assertThat(FailureKind.unavailableDependency(new MappingException("parse-error", "message could not be parsed"))).isEmpty();
        assertThat(FailureKind.unavailableDependency(new IllegalArgumentException("PID-3: empty"))).isEmpty();
    }
}
