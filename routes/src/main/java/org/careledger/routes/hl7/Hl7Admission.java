package org.careledger.routes.hl7;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.component.mllp.MllpConstants;
import org.careledger.connectors.hl7.Hl7ContentDigest;
import org.careledger.connectors.hl7.Hl7Intake;
import org.careledger.platform.raw.RawRecordCipher;
import org.careledger.routes.RawHeaders;
import org.careledger.routes.dedup.AcceptedMessages;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The MLLP route's decisions, in order: inspect (refuse, answer a resend again, or admit), then
 * after the Kafka write either {@link #stored} (AA/CA) or {@link #notStored} (AE/CE). Logs carry
 * control ids and reasons, never message content.
 */
@ApplicationScoped
@Named("hl7Admission")
public class Hl7Admission {

    static final String ADMITTED = "careledgerAdmitted";
    private static final String INSPECTION = "careledgerInspection";
    private static final String DIGEST = "careledgerContentDigest";
    private static final String STARTED = "careledgerStartedNanos";
    private static final Logger LOG = Logger.getLogger(Hl7Admission.class);

    private final Hl7Intake intake;
    private final RawRecordCipher cipher;
    private final AcceptedMessages accepted;
    private final String feedId;
    private final MeterRegistry metrics;
    private final Timer ackLatency;
    private final DistributionSummary messageBytes;

    private final MllpSenders senders;

    public Hl7Admission(Hl7Intake intake, RawRecordCipher cipher, AcceptedMessages accepted, MllpSenders senders,
                        @ConfigProperty(name = "careledger.feed-id") String feedId, MeterRegistry metrics) {
        this.senders = senders;
        this.intake = intake;
        this.cipher = cipher;
        this.accepted = accepted;
        this.feedId = feedId;
        this.metrics = metrics;
        this.ackLatency = Timer.builder("careledger.hl7.ack.latency").tag("feed", feedId)
                .description("from a message's last byte to its ACK being handed to the socket")
                .publishPercentileHistogram().register(metrics);
        this.messageBytes = DistributionSummary.builder("careledger.hl7.received.bytes").tag("feed", feedId)
                .baseUnit("bytes").register(metrics);
    }

    public void inspect(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        raw = raw == null ? new byte[0] : raw;
        metrics.counter("careledger.hl7.received", "feed", feedId).increment();
        messageBytes.record(raw.length);
        Hl7Intake.Inspection inspection = senders.admits(exchange) ? intake.inspect(raw) : intake.refuseSender(raw);
        exchange.setProperty(ADMITTED, false);
        exchange.setProperty(INSPECTION, inspection);
        if (!inspection.isAdmitted()) {
            LOG.warnf("feed %s: did not admit a %d-byte message: %s", feedId, raw.length, inspection.refusalReason());
            acknowledge(exchange, Optional.ofNullable(inspection.refusal()), inspection.refusalReason());
            return;
        }
        String digest = Hl7ContentDigest.of(raw);
        AcceptedMessages.Sighting sighting = sighting(inspection, digest);
        if (sighting == AcceptedMessages.Sighting.RESEND) {
            metrics.counter("careledger.hl7.duplicates", "feed", feedId).increment();
            LOG.infof("feed %s: message %s is a resend of an accepted message; acknowledged again", feedId,
                    inspection.header().controlId());
            acknowledge(exchange, intake.accepted(inspection), "duplicate");
            return;
        }
        if (sighting == AcceptedMessages.Sighting.CONTROL_ID_REUSED) {
            // a new message under a control id already used in the window: stored like any other, its
            // event ids differ because they include the content digest
            metrics.counter("careledger.hl7.control.id.reused", "feed", feedId).increment();
            LOG.warnf("feed %s: control id %s was reused for a different message; storing it as its own message",
                    feedId, inspection.header().controlId());
        }
        exchange.setProperty(DIGEST, digest);
        exchange.setProperty(ADMITTED, true);
        var message = exchange.getMessage();
        RawHeaders.seal(message, raw, cipher, feedId);
        message.setHeader(RawHeaders.CONTROL_ID, inspection.header().controlId());
        message.setHeader(RawHeaders.SENDING_APPLICATION, inspection.header().sendingApplication());
        message.setHeader(RawHeaders.SENDING_FACILITY, inspection.header().sendingFacility());
    }

    /** Kafka acknowledged the write (acks=all): now, and only now, AA. */
    public void stored(Exchange exchange) {
        Hl7Intake.Inspection inspection = exchange.getProperty(INSPECTION, Hl7Intake.Inspection.class);
        try {
            accepted.remember(inspection.header(), exchange.getProperty(DIGEST, String.class));
        } catch (SQLException e) {
            // the message is durable either way; a resend would repeat the same event ids downstream
            LOG.warnf("feed %s: could not record message %s in the duplicate window (%s)", feedId,
                    inspection.header().controlId(), e.getSQLState());
        }
        acknowledge(exchange, intake.accepted(inspection), "accepted");
    }

    public void notStored(Exchange exchange) {
        Hl7Intake.Inspection inspection = exchange.getProperty(INSPECTION, Hl7Intake.Inspection.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.errorf("feed %s: message %s not stored on Kafka (%s); answering AE", feedId,
                inspection.header().controlId(), cause == null ? "unknown" : cause.getClass().getSimpleName());
        acknowledge(exchange, intake.failed(inspection), "not-stored");
    }

    private AcceptedMessages.Sighting sighting(Hl7Intake.Inspection inspection, String digest) {
        try {
            return accepted.sighting(inspection.header(), digest);
        } catch (SQLException e) {
            // availability first: without the window a resend is stored again, and its event ids repeat
            LOG.warnf("feed %s: duplicate window unavailable (%s); admitting message %s", feedId, e.getSQLState(),
                    inspection.header().controlId());
            return AcceptedMessages.Sighting.NEW;
        }
    }

    /**
     * The last resort, for an exception nothing else handled anywhere on the admission path: AE (or
     * CE) written without HAPI, so a lock-step sender is never left without an answer. The sender
     * resends; if the message had already reached Kafka, the resend is recognised or stored again
     * with the same event ids, and nothing is lost either way.
     */
    public void unexpected(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Hl7Intake.Inspection inspection = exchange.getProperty(INSPECTION, Hl7Intake.Inspection.class);
        Optional<byte[]> ack = inspection != null
                ? intake.unexpectedFailure(inspection.header(), inspection.charset())
                : intake.unexpectedFailure(null, null);
        exchange.setProperty(ADMITTED, false);
        if (exchange.getProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT) != null) {
            // the decision was made and its answer set before the failure: that answer stands
            LOG.errorf("feed %s: admission failed after its answer was set (%s)", feedId,
                    cause == null ? "unknown" : cause.getClass().getSimpleName());
            return;
        }
        LOG.errorf("feed %s: admission failed unexpectedly (%s); answering AE", feedId,
                cause == null ? "unknown" : cause.getClass().getSimpleName());
        acknowledge(exchange, ack, "failed");
    }

    private void acknowledge(Exchange exchange, Optional<byte[]> ack, String outcome) {
        String code = ack.map(Hl7Admission::msa1).orElse("none");
        ack.ifPresent(bytes -> exchange.setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT, bytes));
        metrics.counter("careledger.hl7.acknowledged", "feed", feedId, "code", code, "outcome", outcome).increment();
        Long started = exchange.getProperty(STARTED, Long.class);
        if (started != null) {
            ackLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** MSA-1 of an ACK we built: the two letters after "MSA" and its field separator. */
    static String msa1(byte[] ack) {
        String text = new String(ack, java.nio.charset.StandardCharsets.ISO_8859_1);
        int msa = text.indexOf("\rMSA");
        return msa < 0 || text.length() < msa + 7 ? "unknown" : text.substring(msa + 5, msa + 7);
    }
}
