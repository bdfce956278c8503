package org.careledger.bridge.batch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.web3j.crypto.Hash;

/** Events polled since the last anchor, with the offset range they cover per partition. */
final class PendingBatch {

    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Map<TopicPartition, long[]> ranges = new TreeMap<>(ORDER);
    private long openedAtNanos;

    void add(ConsumerRecord<String, byte[]> record) {
        if (records.isEmpty()) {
            openedAtNanos = System.nanoTime();
        }
        records.add(record);
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        long[] range = ranges.computeIfAbsent(tp, k -> new long[] {record.offset(), record.offset()});
        range[0] = Math.min(range[0], record.offset());
        range[1] = Math.max(range[1], record.offset());
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    int size() {
        return records.size();
    }

    long ageMillis() {
        return records.isEmpty() ? 0 : (System.nanoTime() - openedAtNanos) / 1_000_000;
    }

    List<ConsumerRecord<String, byte[]>> records() {
        return records;
    }

    /** topic-partition:first-last, in a fixed order: the batch's identity and its manifest. */
    String offsets() {
        StringBuilder sb = new StringBuilder();
        ranges.forEach((tp, r) -> sb.append(sb.length() == 0 ? "" : ",")
                .append(tp.topic()).append('-').append(tp.partition()).append(':').append(r[0]).append('-').append(r[1]));
        return sb.toString();
    }

    /** Deterministic from the consumer group and offsets: replaying the same range gives the same id. */
    byte[] batchId(String consumerGroup) {
        return Hash.sha3((consumerGroup + "|" + offsets()).getBytes(StandardCharsets.UTF_8));
    }

    List<BatchStore.Range> ranges() {
        List<BatchStore.Range> list = new ArrayList<>();
        ranges.forEach((tp, r) -> list.add(new BatchStore.Range(tp, r[0], r[1])));
        return list;
    }

    Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        Map<TopicPartition, OffsetAndMetadata> next = new TreeMap<>(ORDER);
        ranges.forEach((tp, r) -> next.put(tp, new OffsetAndMetadata(r[1] + 1)));
        return next;
    }

    Map<TopicPartition, Long> firstOffsets() {
        Map<TopicPartition, Long> first = new TreeMap<>(ORDER);
        ranges.forEach((tp, r) -> first.put(tp, r[0]));
        return first;
    }

    void clear() {
        records.clear();
        ranges.clear();
    }
}
