package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.careledger.devstack.KafkaAccess;
import org.junit.jupiter.api.Test;

/**
 * A record on an event topic that is not a CloudEvent: the bridge sends a content-free dead letter
 * naming where it is, and anchors the good events around it.
 */
class MalformedEventEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void malformedEventGoesToTheDeadLetterTopicAndAnchoringGoesOn() throws Exception {
        KafkaAccess kafka = SharedHub.get().endpoints().kafka().operator();
        RecordMetadata written;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.config(),
                new StringSerializer(), new ByteArraySerializer())) {
            written = producer.send(new ProducerRecord<>("careledger.events.encounter", "pt-x",
                    "{\"not\":\"a cloud event\",\"name\":\"Malformedovich\"".getBytes(StandardCharsets.UTF_8))).get();
        }

        JsonNode proofAfter = SharedHub.anchoredProof("E2E-AFTER-MALFORMED");
        JsonNode letter = await().atMost(60, TimeUnit.SECONDS).until(() -> deadLetterFor(kafka, written), Optional::isPresent).get();

        assertThat(proofAfter.get("batchId").asText()).startsWith("0x");
        assertThat(letter.path("reason").asText()).isEqualTo("malformed-event");
        assertThat(letter.toString()).doesNotContain("Malformedovich");
    }

    private static Optional<JsonNode> deadLetterFor(KafkaAccess kafka, RecordMetadata written) throws Exception {
        for (TopicReader.Record r : TopicReader.readAll(kafka, Pattern.compile("careledger\\.dlq"))) {
            JsonNode letter = JSON.readTree(r.value());
            if (written.topic().equals(letter.path("topic").asText()) && letter.path("partition").asInt() == written.partition()
                    && letter.path("offset").asLong() == written.offset()) {
                return Optional.of(letter);
            }
        }
        return Optional.empty();
    }
}
