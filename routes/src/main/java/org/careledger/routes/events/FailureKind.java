package org.careledger.routes.events;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;
import org.careledger.mappings.engine.MappingException;

/**
 * Sorts a failure of raw -> events once: either a dependency was unavailable (retry the same record
 * later; it says nothing about the message), or the message itself cannot become events (dead letter).
 * Only failures that are known to be about infrastructure are transient. Anything else is the
 * message's: a dead letter keeps its raw record's position, so an operator can redrive it, whereas a
 * failure wrongly called transient would hold up its partition for good.
 */
public final class FailureKind {

    public static final String KAFKA = "kafka";
    public static final String POSTGRESQL = "postgresql";
    public static final String NETWORK = "network";

    private FailureKind() {
    }

    /** The unavailable dependency behind this failure, or empty when the failure is the message's. */
    public static Optional<String> unavailableDependency(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MappingException) {
                // the mapping engine judged the message, whatever it wraps (a JSON error is an IOException)
                return Optional.empty();
            }
            if (t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.InterruptException) {
                return Optional.of(KAFKA);
            }
            if (t instanceof SQLException sql && unavailable(sql)) {
                return Optional.of(POSTGRESQL);
            }
            if (t instanceof TimeoutException || t instanceof InterruptedException) {
                return Optional.of(t.getClass().getName().startsWith("org.apache.kafka") ? KAFKA : NETWORK);
            }
            if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof UnknownHostException) {
                return Optional.of(NETWORK);
            }
        }
        return Optional.empty();
    }

    /**
     * SQLSTATE classes that describe the server, not the statement: 08 connection, 53 insufficient
     * resources, 57 operator intervention (admin shutdown, cannot connect now), 58 system error,
     * 40 serialization failure or deadlock. A pool that times out waiting for a connection gives no
     * state at all.
     */
    private static boolean unavailable(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null || state.length() < 2) {
            return true;
        }
        return switch (state.substring(0, 2)) {
            case "08", "53", "57", "58", "40" -> true;
            default -> false;
        };
    }
}
