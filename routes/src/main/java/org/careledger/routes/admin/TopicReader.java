package org.careledger.routes.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic directly, outside any consumer group, so that replay and redrive never move the
 * live routes' offsets.
 */
@ApplicationScoped
public class TopicReader {

    private final Map<String, Object> kafkaConfig;

    public TopicReader(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    /**
     * Every record written from {@code from} up to the end the topic had when the scan began, in
     * order per partition, until {@code visitor} returns false.
     */
    public void scan(String topic, Instant from, Predicate<ConsumerRecord<byte[], byte[]>> visitor) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> fromTime = new HashMap<>();
            partitions.forEach(p -> fromTime.put(p, from.toEpochMilli()));
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
            while (!remaining.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && !visitor.test(record)) {
                        return;
                    }
                }
                remaining.removeIf(p -> consumer.position(p) >= end.get(p));
                consumer.assign(remaining);
            }
        }
    }

    /** Reads records by position on one consumer, for as many look-ups as a redrive makes. */
    public Positions positions() {
        return new Positions(consumer());
    }

    /** Records by position; close it when done. */
    public static final class Positions implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;

        private Positions(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        /** The record at one position, or empty when retention has removed it. */
        public Optional<ConsumerRecord<byte[], byte[]>> fetch(String topic, int partition, long offset) {
            TopicPartition p = new TopicPartition(topic, partition);
            consumer.assign(List.of(p));
            long first = consumer.beginningOffsets(List.of(p)).get(p);
            long end = consumer.endOffsets(List.of(p)).get(p);
            if (offset < first || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(p, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.offset() == offset) {
                        return Optional.of(record);
                    }
                    if (record.offset() > offset) {
                        // compacted or a transaction marker: nothing at that position any more
                        return Optional.empty();
                    }
                }
            }
            throw new org.apache.kafka.common.errors.TimeoutException("reading " + topic + "/" + partition + "/" + offset);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.putAll(kafkaConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
