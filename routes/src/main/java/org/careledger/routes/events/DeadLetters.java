package org.careledger.routes.events;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.careledger.mappings.engine.MappingException;
import org.jboss.logging.Logger;

/**
 * A dead letter names the raw record (topic, partition, offset) and a reason code; it carries nothing
 * from the message, so it can be read by anyone who operates the hub.
 */
@ApplicationScoped
@Named("deadLetters")
public class DeadLetters {

    /** Exchange property: true once this exchange's dead letter was prepared. */
    public static final String WRITTEN = "careledgerDeadLettered";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private final ObjectMapper json = new ObjectMapper();
    private final MeterRegistry metrics;

    public DeadLetters(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public void prepare(Exchange exchange) throws JsonProcessingException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause instanceof MappingException m ? m.reason() : "processing-failed";
        String detail = cause instanceof MappingException m ? m.getMessage() : cause == null ? "" : cause.getClass().getSimpleName();
        var in = exchange.getMessage();
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("reason", reason);
        letter.put("detail", detail);
        letter.put("topic", in.getHeader(KafkaConstants.TOPIC));
        letter.put("partition", in.getHeader(KafkaConstants.PARTITION));
        letter.put("offset", in.getHeader(KafkaConstants.OFFSET));
        LOG.warnf("dead letter: %s at %s/%s/%s", reason, letter.get("topic"), letter.get("partition"), letter.get("offset"));
        metrics.counter("careledger.dlq", "reason", reason).increment();
        exchange.setProperty(WRITTEN, true);
        in.removeHeaders("*");
        in.setHeader(KafkaConstants.KEY, reason);
        in.setBody(json.writeValueAsBytes(letter));
    }
}
