package org.careledger.routes.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.careledger.routes.RawHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * POST /admin/replay: re-reads the raw HL7 v2 topic for a time range ({"from", "to"}, ISO-8601) or
 * one control id ({"controlId"}, optionally with "from"), and sends each record through the same
 * raw-to-events route again. Event ids are derived from the message, so a replay reproduces the
 * ids it produced the first time. The raw topic is read directly, outside any consumer group, so
 * replaying never moves the live route's offsets.
 */
@ApplicationScoped
@Named("rawReplay")
public class RawReplay {

    private static final Logger LOG = Logger.getLogger(RawReplay.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProducerTemplate producer;
    private final Map<String, Object> kafkaConfig;
    private final String rawTopic;
    private final int maxRecords;

    public RawReplay(ProducerTemplate producer,
                     @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                     @ConfigProperty(name = "careledger.topics.hl7v2-raw") String rawTopic,
                     @ConfigProperty(name = "careledger.admin.replay-max-records") int maxRecords) {
        this.producer = producer;
        this.kafkaConfig = kafkaConfig;
        this.rawTopic = rawTopic;
        this.maxRecords = maxRecords;
    }

    /** What to replay, read from the request body. */
    record Selection(Instant from, Instant to, String controlId) {

        static Selection parse(byte[] body) {
            JsonNode request;
            try {
                request = JSON.readTree(body == null || body.length == 0 ? new byte[] {'{', '}'} : body);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            if (request == null || !request.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            String controlId = request.path("controlId").asText(null);
            Instant from = instant(request, "from", controlId != null ? Instant.EPOCH : null);
            Instant to = instant(request, "to", Instant.now());
            if (from == null) {
                throw new IllegalArgumentException("give \"from\" (ISO-8601 instant), or \"controlId\"");
            }
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("\"to\" is before \"from\"");
            }
            return new Selection(from, to, controlId);
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

        boolean matches(ConsumerRecord<byte[], byte[]> record) {
            if (record.timestamp() > to.toEpochMilli()) {
                return false;
            }
            if (controlId == null) {
                return true;
            }
            Header header = record.headers().lastHeader(RawHeaders.CONTROL_ID);
            return header != null && controlId.equals(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public void replay(Exchange exchange) {
        Selection selection;
        try {
            selection = Selection.parse(exchange.getMessage().getBody(byte[].class));
        } catch (IllegalArgumentException e) {
            Problems.write(exchange, 400, "Bad Request", e.getMessage());
            return;
        }
        int replayed = 0;
        int scanned = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(rawTopic).forEach(p -> partitions.add(new TopicPartition(rawTopic, p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> fromTime = new HashMap<>();
            partitions.forEach(p -> fromTime.put(p, selection.from().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(fromTime);
            List<TopicPartition> remaining = new ArrayList<>();
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp offset = start.get(p);
                if (offset != null && offset.offset() < end.get(p)) {
                    consumer.seek(p, offset.offset());
                    remaining.add(p);
                }
            }
            consumer.assign(remaining);
            while (!remaining.isEmpty() && replayed < maxRecords) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    TopicPartition p = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(p)) {
                        continue;
                    }
                    scanned++;
                    if (selection.matches(record) && replayed < maxRecords) {
                        send(record);
                        replayed++;
                    }
                }
                remaining.removeIf(p -> consumer.position(p) >= end.get(p));
                consumer.assign(remaining);
            }
        }
        LOG.infof("replayed %d of %d raw records scanned (from %s to %s%s)", replayed, scanned, selection.from(), selection.to(),
                selection.controlId() == null ? "" : ", one control id");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("replayed", replayed);
        result.put("scanned", scanned);
        result.put("from", selection.from().toString());
        result.put("to", selection.to().toString());
        result.put("truncated", replayed >= maxRecords);
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

    /** The raw record goes through the route with the headers the live Kafka consumer would give it. */
    private void send(ConsumerRecord<byte[], byte[]> record) {
        Map<String, Object> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        headers.put(KafkaConstants.TOPIC, record.topic());
        headers.put(KafkaConstants.PARTITION, record.partition());
        headers.put(KafkaConstants.OFFSET, record.offset());
        producer.sendBodyAndHeaders("direct:hl7v2-raw-to-events", record.value(), headers);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.putAll(kafkaConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
