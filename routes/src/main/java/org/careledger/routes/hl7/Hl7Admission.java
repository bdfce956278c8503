package org.careledger.routes.hl7;

import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mllp.MllpConstants;
import org.careledger.connectors.hl7.Hl7Intake;
import org.careledger.connectors.raw.RawRecordCipher;
import org.careledger.routes.RawHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The MLLP route's decisions, in order: inspect (refuse with AR/AE or admit), then after the Kafka
 * write either {@link #stored} (AA) or {@link #notStored} (AE). Logs carry control ids and reasons,
 * never message content.
 */
@ApplicationScoped
@Named("hl7Admission")
public class Hl7Admission {

    static final String ADMITTED = "careledgerAdmitted";
    private static final String INSPECTION = "careledgerInspection";
    private static final Logger LOG = Logger.getLogger(Hl7Admission.class);

    private final Hl7Intake intake;
    private final RawRecordCipher cipher;
    private final String feedId;
    private final MeterRegistry metrics;

    public Hl7Admission(Hl7Intake intake, RawRecordCipher cipher,
                        @ConfigProperty(name = "careledger.feed-id") String feedId, MeterRegistry metrics) {
        this.intake = intake;
        this.cipher = cipher;
        this.feedId = feedId;
        this.metrics = metrics;
    }

    public void inspect(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        metrics.counter("careledger.hl7.received", "feed", feedId).increment();
        Hl7Intake.Inspection inspection = intake.inspect(raw == null ? new byte[0] : raw);
        if (!inspection.isAdmitted()) {
            LOG.warnf("feed %s: refused a %d-byte message: %s", feedId, raw == null ? 0 : raw.length, inspection.refusalReason());
            acknowledge(exchange, inspection.refusal(), "refused-" + inspection.refusalReason());
            exchange.setProperty(ADMITTED, false);
            return;
        }
        exchange.setProperty(ADMITTED, true);
        exchange.setProperty(INSPECTION, inspection);
        var message = exchange.getMessage();
        message.setBody(cipher.seal(raw));
        message.setHeader(KafkaConstants.KEY, feedId);
        message.setHeader(RawHeaders.FEED_ID, feedId);
        message.setHeader(RawHeaders.RECEIVED_AT, Instant.now().toString());
        message.setHeader(RawHeaders.KEY_ID, cipher.keyId());
        message.setHeader(RawHeaders.CONTROL_ID, inspection.header().controlId());
        message.setHeader(RawHeaders.SENDING_APPLICATION, inspection.header().sendingApplication());
        message.setHeader(RawHeaders.SENDING_FACILITY, inspection.header().sendingFacility());
    }

    /** Kafka acknowledged the write (acks=all): now, and only now, AA. */
    public void stored(Exchange exchange) {
        Hl7Intake.Inspection inspection = exchange.getProperty(INSPECTION, Hl7Intake.Inspection.class);
        acknowledge(exchange, intake.accepted(inspection), "AA");
    }

    public void notStored(Exchange exchange) {
        Hl7Intake.Inspection inspection = exchange.getProperty(INSPECTION, Hl7Intake.Inspection.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.errorf("feed %s: message %s not stored on Kafka (%s); answering AE", feedId,
                inspection.header().controlId(), cause == null ? "unknown" : cause.getClass().getSimpleName());
        acknowledge(exchange, intake.failed(inspection), "AE");
    }

    private void acknowledge(Exchange exchange, byte[] ack, String outcome) {
        exchange.setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT, ack);
        metrics.counter("careledger.hl7.acknowledged", "feed", feedId, "outcome", outcome).increment();
    }
}
