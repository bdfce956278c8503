package org.careledger.bridge.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import org.careledger.bridge.proof.ProofStore;
import org.careledger.bridge.proof.ProofStore.StoredProof;
import org.careledger.tx.Chain.Mined;
import org.careledger.tx.Transactions;

/**
 * The bridge's batches in PostgreSQL: closed batches with their offset ranges and proofs, and each
 * batch's status changes (the signed transactions are in the one {@link org.careledger.tx.Outbox}). The anchoring loop and the tracker work
 * only from these rows, so a restart picks up exactly where the last process stopped.
 */
@ApplicationScoped
public class BatchStore {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String CONFIRMED = "confirmed";
    public static final String REORGED = "reorged";
    public static final String FAILED = "failed";

    private final DataSource dataSource;

    public BatchStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A closed batch, its ranges and its events' proofs, in one transaction, with status pending. */
    public void savePending(ClosedBatch batch, List<StoredProof> proofs) throws SQLException {
        savePending(batch, proofs, List.of());
    }

    /** Stores a closed batch (status pending) with its events' proofs and its claim leaves' proofs, in one transaction. */
    public void savePending(ClosedBatch batch, List<StoredProof> proofs, List<ProofStore.ClaimLeafProof> claimLeaves) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement b = c.prepareStatement(
                    "INSERT INTO batch (batch_id, root, event_count, offsets, chain_id, contract, status, owner)"
                            + " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)");
                 PreparedStatement r = c.prepareStatement(
                         "INSERT INTO batch_range (batch_id, topic, kafka_partition, first_offset, last_offset) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement p = c.prepareStatement(
                         "INSERT INTO event_proof (event_id, batch_id, event_hash, leaf, leaf_index, proof, topic, kafka_partition, kafka_offset)"
                                 + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")) {
                b.setString(1, batch.batchId());
                b.setString(2, batch.root());
                b.setInt(3, batch.eventCount());
                b.setString(4, batch.offsets());
                b.setLong(5, batch.chainId());
                b.setString(6, batch.contract());
                b.setString(7, batch.owner());
                b.executeUpdate();
                for (Range range : batch.ranges()) {
                    r.setString(1, batch.batchId());
                    r.setString(2, range.partition().topic());
                    r.setInt(3, range.partition().partition());
                    r.setLong(4, range.first());
                    r.setLong(5, range.last());
                    r.addBatch();
                }
                r.executeBatch();
                for (StoredProof proof : proofs) {
                    p.setString(1, proof.eventId());
                    p.setString(2, batch.batchId());
                    p.setString(3, proof.eventHash());
                    p.setString(4, proof.leaf());
                    p.setInt(5, proof.leafIndex());
                    p.setArray(6, c.createArrayOf("text", proof.proof().toArray()));
                    p.setString(7, proof.topic());
                    p.setInt(8, proof.partition());
                    p.setLong(9, proof.offset());
                    p.addBatch();
                }
                p.executeBatch();
                try (PreparedStatement l = c.prepareStatement("INSERT INTO claim_leaf_proof (event_id, batch_id, leaf_value, leaf_index, proof)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")) {
                    for (ProofStore.ClaimLeafProof leaf : claimLeaves) {
                        l.setString(1, leaf.eventId());
                        l.setString(2, batch.batchId());
                        l.setString(3, leaf.value());
                        l.setInt(4, leaf.leafIndex());
                        l.setArray(5, c.createArrayOf("text", leaf.proof().toArray()));
                        l.addBatch();
                    }
                    l.executeBatch();
                }
                history(c, batch.batchId(), PENDING, null, null);
            }
        });
    }

    /** Batches of this owner that are not confirmed, oldest first. */
    public List<OpenBatch> unresolved(String owner, int limit) throws SQLException {
        return openBatches("WHERE owner = ? AND status <> 'confirmed' ORDER BY seq LIMIT ?", s -> {
            s.setString(1, owner);
            s.setInt(2, limit);
        });
    }

    /** Confirmed batches of this owner mined at or after this block: the ones a reorganisation can still undo. */
    public List<OpenBatch> confirmedSince(String owner, long block) throws SQLException {
        return openBatches("WHERE owner = ? AND status = 'confirmed' AND block_number >= ? ORDER BY seq", s -> {
            s.setString(1, owner);
            s.setLong(2, block);
        });
    }

    public int unresolvedCount(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM batch WHERE owner = ? AND status <> 'confirmed'")) {
            s.setString(1, owner);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private List<OpenBatch> openBatches(String where, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT batch_id, root, event_count, status, tx_hash, block_number, block_hash, updated_at FROM batch " + where)) {
            binder.bind(s);
            List<OpenBatch> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OpenBatch(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                            (Long) rs.getObject(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
                }
            }
            return rows;
        }
    }

    /**
     * Moves a batch to a status, recording where its transaction was mined when known; a change is
     * written to the history only when something changed.
     */
    public void transition(String batchId, String status, String reason, String txHash, Mined mined) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE batch SET status = ?, status_reason = ?, tx_hash = coalesce(?, tx_hash),"
                            // a reorganised batch no longer has a block: it gets one when it is mined again
                            + " block_number = CASE WHEN status = 'reorged' OR ? = 'reorged' THEN ? ELSE coalesce(?, block_number) END,"
                            + " block_hash = CASE WHEN status = 'reorged' OR ? = 'reorged' THEN ? ELSE coalesce(?, block_hash) END,"
                            + " gas_used = coalesce(?, gas_used), updated_at = now(),"
                            + " confirmed_at = CASE WHEN ? = 'confirmed' THEN now() ELSE confirmed_at END"
                            + " WHERE batch_id = ? AND (status <> ? OR status_reason IS DISTINCT FROM ?"
                            + " OR (?::text IS NOT NULL AND (tx_hash IS DISTINCT FROM ? OR block_hash IS DISTINCT FROM ?)))")) {
                String tx = mined == null ? txHash : mined.txHash();
                String blockHash = mined == null ? null : mined.blockHash();
                Long blockNumber = mined == null ? null : mined.blockNumber();
                int i = 0;
                s.setString(++i, status);
                s.setString(++i, reason);
                s.setString(++i, tx);
                s.setString(++i, status);
                s.setObject(++i, blockNumber, java.sql.Types.BIGINT);
                s.setObject(++i, blockNumber, java.sql.Types.BIGINT);
                s.setString(++i, status);
                s.setString(++i, blockHash);
                s.setString(++i, blockHash);
                s.setObject(++i, mined == null ? null : mined.gasUsed(), java.sql.Types.BIGINT);
                s.setString(++i, status);
                s.setString(++i, batchId);
                s.setString(++i, status);
                s.setString(++i, reason);
                s.setString(++i, tx);
                s.setString(++i, tx);
                s.setString(++i, blockHash);
                if (s.executeUpdate() > 0) {
                    history(c, batchId, status, reason, tx);
                }
            }
        });
    }

    /**
     * For each partition, the offset to commit: past every stored batch that is confirmed and follows
     * the committed offset without an unconfirmed batch in between.
     */
    public Map<TopicPartition, Long> committable(String owner, Map<TopicPartition, Long> committed) throws SQLException {
        Map<TopicPartition, Long> result = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT r.first_offset, r.last_offset, b.status FROM batch_range r JOIN batch b ON b.batch_id = r.batch_id"
                        + " WHERE b.owner = ? AND r.topic = ? AND r.kafka_partition = ? AND r.last_offset >= ? ORDER BY r.first_offset")) {
            for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
                long next = e.getValue();
                s.setString(1, owner);
                s.setString(2, e.getKey().topic());
                s.setInt(3, e.getKey().partition());
                s.setLong(4, next);
                try (ResultSet rs = s.executeQuery()) {
                    // stop at the first batch not confirmed, and at a gap: offsets no stored batch covers
                    // were never anchored, and committing past them would skip them for good
                    while (rs.next() && CONFIRMED.equals(rs.getString(3)) && rs.getLong(1) <= next) {
                        next = rs.getLong(2) + 1;
                    }
                }
                if (next > e.getValue()) {
                    result.put(e.getKey(), next);
                }
            }
        }
        return result;
    }

    /** For each partition, the offset after the last stored batch of this owner (absent when none). */
    public Map<TopicPartition, Long> storedEnds(String owner, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> result = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT max(r.last_offset) FROM batch_range r JOIN batch b ON b.batch_id = r.batch_id"
                        + " WHERE b.owner = ? AND r.topic = ? AND r.kafka_partition = ?")) {
            for (TopicPartition tp : partitions) {
                s.setString(1, owner);
                s.setString(2, tp.topic());
                s.setInt(3, tp.partition());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    long last = rs.getLong(1);
                    if (!rs.wasNull()) {
                        result.put(tp, last + 1);
                    }
                }
            }
        }
        return result;
    }

    private static void history(Connection c, String batchId, String status, String reason, String txHash) throws SQLException {
        try (PreparedStatement h = c.prepareStatement(
                "INSERT INTO batch_status_change (batch_id, status, reason, tx_hash) VALUES (?, ?, ?, ?)")) {
            h.setString(1, batchId);
            h.setString(2, status);
            h.setString(3, reason);
            h.setString(4, txHash);
            h.executeUpdate();
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void inTransaction(Transactions.Work work) throws SQLException {
        Transactions.inTransaction(dataSource, work);
    }

    /** The offsets one batch covers in one partition. */
    public record Range(TopicPartition partition, long first, long last) {
    }

    /** What is stored when a batch closes. */
    public record ClosedBatch(String batchId, String root, int eventCount, String offsets, List<Range> ranges,
                              long chainId, String contract, String owner) {
    }

    /** A batch as the tracker sees it. */
    public record OpenBatch(String batchId, String root, int eventCount, String status, String txHash, Long blockNumber,
                            String blockHash, Instant updatedAt) {
    }
}
