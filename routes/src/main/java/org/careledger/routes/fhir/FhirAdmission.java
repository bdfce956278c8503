package org.careledger.routes.fhir;


import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.careledger.connectors.fhir.FhirIntake;
import org.careledger.platform.raw.RawRecordCipher;
import org.careledger.routes.RawHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.jboss.logging.Logger;

/**
 * The FHIR REST route's decisions: inspect the body, and after the Kafka write answer 202 (stored)
 * or 503 (not stored, retry). Request headers never travel further than this bean: they are
 * dropped before anything is produced, so a header named like a Camel control header does nothing.
 */
@ApplicationScoped
@Named("fhirAdmission")
public class FhirAdmission {

    static final String ADMITTED = "careledgerAdmitted";
    private static final String VERDICT = "careledgerFhirVerdict";
    private static final Logger LOG = Logger.getLogger(FhirAdmission.class);

    private final FhirIntake intake;
    private final RawRecordCipher cipher;
    private final String feedId;
    private final MeterRegistry metrics;

    public FhirAdmission(FhirIntake intake, RawRecordCipher cipher, @ConfigProperty(name = "careledger.feed-id") String feedId,
                         MeterRegistry metrics) {
        this.intake = intake;
        this.cipher = cipher;
        this.feedId = feedId;
        this.metrics = metrics;
    }

    public void inspect(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        message.removeHeaders("*");
        FhirIntake.Verdict verdict = intake.inspect(body, contentType);
        metrics.counter("careledger.fhir.received", "feed", feedId, "status", Integer.toString(verdict.status())).increment();
        exchange.setProperty(VERDICT, verdict);
        exchange.setProperty(ADMITTED, verdict.accepted());
        if (!verdict.accepted()) {
            LOG.warnf("feed %s: refused a %d-byte FHIR request with %d", feedId, body == null ? 0 : body.length, verdict.status());
            return;
        }
        RawHeaders.seal(message, body, cipher, feedId);
        message.setHeader(RawHeaders.CONTENT_TYPE, contentType);
        message.setHeader(RawHeaders.RESOURCE_TYPE, verdict.resourceType());
    }

    public void stored(Exchange exchange) {
        respond(exchange, exchange.getProperty(VERDICT, FhirIntake.Verdict.class));
    }

    public void notStored(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.errorf("feed %s: FHIR request not stored on Kafka (%s); answering 503", feedId,
                cause == null ? "unknown" : cause.getClass().getSimpleName());
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.TRANSIENT)
                .setDiagnostics("the request could not be stored durably; retry it");
        respond(exchange, new FhirIntake.Verdict(503, null, null, 0, outcome));
    }

    /** Answers a refusal decided by {@link #inspect}. */
    public void refused(Exchange exchange) {
        respond(exchange, exchange.getProperty(VERDICT, FhirIntake.Verdict.class));
    }

    private void respond(Exchange exchange, FhirIntake.Verdict verdict) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, verdict.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/fhir+json");
        if (verdict.status() == 503) {
            message.setHeader("Retry-After", "5");
        }
        message.setBody(intake.encode(verdict.outcome()));
    }
}
