package org.careledger.launcher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.careledger.devstack.KafkaAccess;

/** Reads whole topics from the beginning, without a consumer group: what an auditor would see. */
public final class TopicReader {

    private TopicReader() {
    }

    /** A record as text: topic, key, header names and values, and value. */
    public record Record(String topic, int partition, long offset, String key, Map<String, String> headers, byte[] value) {

        public String valueText() {
            return value == null ? "" : new String(value, StandardCharsets.UTF_8);
        }

        public String allText() {
            return topic + " " + key + " " + headers + " " + valueText();
        }

        /** The CloudEvent id when the value is a JSON object with a textual id; empty for anything else. */
        public java.util.Optional<String> cloudEventId() {
            try {
                com.fasterxml.jackson.databind.JsonNode id = CLOUD_EVENTS.readTree(value).path("id");
                return id.isTextual() && !id.asText().isEmpty() ? java.util.Optional.of(id.asText()) : java.util.Optional.empty();
            } catch (java.io.IOException | RuntimeException e) {
                return java.util.Optional.empty();
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper CLOUD_EVENTS = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The CloudEvents on the topics matching: records that are not CloudEvents are left out. */
    public static List<Record> readEvents(KafkaAccess kafka, Pattern topics) throws Exception {
        return readAll(kafka, topics).stream().filter(r -> r.cloudEventId().isPresent()).toList();
    }

    public static List<Record> readAll(KafkaAccess kafka, Pattern topics) throws Exception {
        return readSince(kafka, topics, Map.of());
    }

    /**
     * The records of the topics matching from the offsets given (keyed {@code topic-partition}, as
     * {@link #endOffsets} gives them; a partition not listed is read from its beginning).
     */
    public static List<Record> readSince(KafkaAccess kafka, Pattern topics, Map<String, Long> from) throws Exception {
        Set<String> names;
        try (Admin admin = Admin.create(kafka.config())) {
            names = admin.listTopics().names().get().stream().filter(t -> topics.matcher(t).matches()).collect(Collectors.toSet());
        }
        Properties props = new Properties();
        props.putAll(kafka.config());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Record> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : names) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (TopicPartition tp : partitions) {
                Long start = from.get(tp.topic() + "-" + tp.partition());
                if (start != null) {
                    consumer.seek(tp, start);
                }
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    out.add(new Record(r.topic(), r.partition(), r.offset(),
                            r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), headers, r.value()));
                }
            }
        }
        return out;
    }

    /** Sum of end offsets of the topics matching: how many records were ever written there. */
    public static long endOffsetTotal(KafkaAccess kafka, Pattern topics) throws Exception {
        return endOffsets(kafka, topics).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The end offset of every partition of the topics matching, keyed {@code topic-partition}. */
    public static Map<String, Long> endOffsets(KafkaAccess kafka, Pattern topics) throws Exception {
        Properties props = new Properties();
        props.putAll(kafka.config());
        try (Admin admin = Admin.create(kafka.config());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : admin.listTopics().names().get()) {
                if (topics.matcher(topic).matches()) {
                    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            Map<String, Long> out = new java.util.TreeMap<>();
            consumer.endOffsets(partitions).forEach((tp, end) -> out.put(tp.topic() + "-" + tp.partition(), end));
            return out;
        }
    }

    /** Every topic on the cluster. */
    public static java.util.Set<String> topics(KafkaAccess kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.config())) {
            return admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names().get();
        }
    }
}
