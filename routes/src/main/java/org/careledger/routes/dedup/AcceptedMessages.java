package org.careledger.routes.dedup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.careledger.connectors.hl7.Hl7Header;
import org.careledger.routes.config.Hl7Settings;
import org.jboss.logging.Logger;

/**
 * The duplicate window in PostgreSQL: a message whose (MSH-3, MSH-4, MSH-10) and content digest were
 * accepted within the window is a resend. The same MSH-10 from another application or facility, or
 * with other content, is a different message.
 * State survives restarts, so a sender resending after our crash is recognised.
 */
@ApplicationScoped
public class AcceptedMessages {

    private static final Logger LOG = Logger.getLogger(AcceptedMessages.class);

    private final DataSource dataSource;
    private final Duration window;
    private java.util.concurrent.ScheduledExecutorService pruner;

    public AcceptedMessages(DataSource dataSource, Hl7Settings settings) {
        this.dataSource = dataSource;
        this.window = settings.duplicateWindow();
    }

    void startPruning(@Observes StartupEvent start) {
        pruner = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "careledger-duplicate-window-pruner");
            t.setDaemon(true);
            return t;
        });
        pruner.scheduleWithFixedDelay(this::prune, 0, 1, java.util.concurrent.TimeUnit.HOURS);
    }

    void stopPruning(@Observes ShutdownEvent stop) {
        if (pruner != null) {
            pruner.shutdownNow();
        }
    }

    /** What the window knows of a message's sender key, given its content digest. */
    public enum Sighting {
        /** Not accepted within the window. */
        NEW,
        /** The same key and the same content: a resend, answered again and not stored. */
        RESEND,
        /** The same key with other content: the sender reused a control id; stored as its own message. */
        CONTROL_ID_REUSED
    }

    public Sighting sighting(Hl7Header header, String contentDigest) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT bool_or(content_digest = ?) FROM accepted_message"
                     + " WHERE sending_application = ? AND sending_facility = ? AND control_id = ?"
                     + " AND accepted_at > now() - ?::interval")) {
            s.setString(1, contentDigest);
            bindKey(s, header, 2);
            s.setString(5, window.toSeconds() + " seconds");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                boolean same = rs.getBoolean(1);
                if (rs.wasNull()) {
                    return Sighting.NEW;
                }
                return same ? Sighting.RESEND : Sighting.CONTROL_ID_REUSED;
            }
        }
    }

    /** Records an accepted message; a row left from outside the window is renewed. */
    public void remember(Hl7Header header, String contentDigest) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO accepted_message"
                     + " (sending_application, sending_facility, control_id, content_digest) VALUES (?, ?, ?, ?)"
                     + " ON CONFLICT (sending_application, sending_facility, control_id, content_digest)"
                     + " DO UPDATE SET accepted_at = now()")) {
            bindKey(s, header, 1);
            s.setString(4, contentDigest);
            s.executeUpdate();
        }
    }

    private void prune() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM accepted_message WHERE accepted_at < now() - ?::interval")) {
            s.setString(1, window.toSeconds() + " seconds");
            int removed = s.executeUpdate();
            if (removed > 0) {
                LOG.infof("duplicate window: forgot %d messages older than %s", removed, window);
            }
        } catch (SQLException e) {
            LOG.warnf("duplicate window: pruning failed (%s)", e.getSQLState());
        }
    }

    private static void bindKey(PreparedStatement s, Hl7Header header, int first) throws SQLException {
        s.setString(first, header.sendingApplication());
        s.setString(first + 1, header.sendingFacility());
        s.setString(first + 2, header.controlId());
    }
}
