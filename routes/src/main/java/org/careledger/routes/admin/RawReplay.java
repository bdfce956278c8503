package org.careledger.routes.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.careledger.routes.RawHeaders;
import org.careledger.routes.events.FailureKind;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * POST /admin/replay: re-reads a raw topic ({"source": "hl7v2" (default) or "fhir"}) for a time
 * range ({"from", "to"}, ISO-8601) or one control id ({"controlId"}, optionally with "from"), and
 * sends each record through the same raw-to-events route again.
 */
@ApplicationScoped
@Named("rawReplay")
public class RawReplay {

    private static final Logger LOG = Logger.getLogger(RawReplay.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final TopicReader reader;
    private final RawRecordRunner runner;
    private final Map<String, String> topics;
    private final int maxRecords;

    public RawReplay(TopicReader reader, RawRecordRunner runner,
                     @ConfigProperty(name = "careledger.topics.hl7v2-raw") String hl7Raw,
                     @ConfigProperty(name = "careledger.topics.fhir-raw") String fhirRaw,
                     @ConfigProperty(name = "careledger.admin.replay-max-records") int maxRecords) {
        this.reader = reader;
        this.runner = runner;
        this.topics = Map.of("hl7v2", hl7Raw, "fhir", fhirRaw);
        this.maxRecords = maxRecords;
    }

    /** A time range from a request body: "from" required unless {@code fromOptional}, "to" defaults to now. */
    record TimeRange(Instant from, Instant to) {

        static TimeRange parse(JsonNode request, boolean fromOptional) {
            Instant from = instant(request, "from", fromOptional ? Instant.EPOCH : null);
            Instant to = instant(request, "to", Instant.now());
            if (from == null) {
                throw new IllegalArgumentException("give \"from\" (ISO-8601 instant)" + (fromOptional ? "" : ", or \"controlId\""));
            }
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("\"to\" is before \"from\"");
            }
            return new TimeRange(from, to);
        }

        boolean contains(ConsumerRecord<?, ?> record) {
            return record.timestamp() <= to.toEpochMilli();
        }

        private static Instant instant(JsonNode request, String field, Instant otherwise) {
            if (!request.hasNonNull(field)) {
                return otherwise;
            }
            try {
                return Instant.parse(request.get(field).asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("\"" + field + "\" must be an ISO-8601 instant such as 2026-11-28T07:00:00Z");
            }
        }
    }

    static JsonNode jsonObject(byte[] body) {
        JsonNode request;
        try {
            request = JSON.readTree(body == null || body.length == 0 ? new byte[] {'{', '}'} : body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return request;
    }

    public void replay(Exchange exchange) {
        String topic;
        String controlId;
        TimeRange range;
        try {
            JsonNode request = jsonObject(exchange.getMessage().getBody(byte[].class));
            String source = request.path("source").asText("hl7v2");
            topic = topics.get(source);
            if (topic == null) {
                throw new IllegalArgumentException("\"source\" must be \"hl7v2\" or \"fhir\"");
            }
            controlId = request.path("controlId").asText(null);
            range = TimeRange.parse(request, controlId != null);
        } catch (IllegalArgumentException e) {
            Problems.write(exchange, 400, "Bad Request", e.getMessage());
            return;
        }
        int[] counts = new int[3];
        Exception[] unavailable = new Exception[1];
        reader.scan(topic, range.from(), record -> {
            counts[0]++;
            if (!range.contains(record) || !hasControlId(record, controlId)) {
                return true;
            }
            try {
                if (runner.run(record) == RawRecordRunner.Outcome.DEAD_LETTER) {
                    counts[2]++;
                }
                counts[1]++;
            } catch (Exception e) {
                unavailable[0] = e;
                return false;
            }
            return counts[1] < maxRecords;
        });
        if (unavailable[0] != null) {
            stopped(exchange, unavailable[0], counts[1]);
            return;
        }
        LOG.infof("replayed %d of %d %s records scanned (from %s to %s%s)", counts[1], counts[0], topic, range.from(), range.to(),
                controlId == null ? "" : ", one control id");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("replayed", counts[1]);
        result.put("deadLettered", counts[2]);
        result.put("scanned", counts[0]);
        result.put("topic", topic);
        result.put("from", range.from().toString());
        result.put("to", range.to().toString());
        result.put("truncated", counts[1] >= maxRecords);
        writeJson(exchange, result);
    }

    private static boolean hasControlId(ConsumerRecord<byte[], byte[]> record, String controlId) {
        if (controlId == null) {
            return true;
        }
        Header header = record.headers().lastHeader(RawHeaders.CONTROL_ID);
        return header != null && controlId.equals(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** 503 naming the dependency: what ran so far ran, and running the same request again is safe. */
    static void stopped(Exchange exchange, Exception failure, int done) {
        String dependency = FailureKind.unavailableDependency(failure).orElse("a dependency");
        LOG.warnf("stopped after %d records: %s unavailable (%s)", done, dependency, failure.getClass().getSimpleName());
        Problems.write(exchange, 503, "Service Unavailable", dependency + " is unavailable; stopped after " + done
                + " records. Nothing was dead-lettered for it; send the same request again once it is back");
    }

    static void writeJson(Exchange exchange, Map<String, Object> result) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            message.setBody(JSON.writeValueAsString(result));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
