package org.careledger.bridge.proof;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Batches and per-event proofs in PostgreSQL. */
@ApplicationScoped
public class ProofStore {

    private final DataSource dataSource;

    public ProofStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A batch and its events' proofs, in one transaction: either all are stored or none. */
    public void save(StoredBatch batch, List<StoredProof> proofs) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement b = c.prepareStatement(
                    "INSERT INTO batch (batch_id, root, event_count, offsets, chain_id, contract, tx_hash, block_number, gas_used, status)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING");
                 PreparedStatement p = c.prepareStatement(
                         "INSERT INTO event_proof (event_id, batch_id, event_hash, leaf, leaf_index, proof, topic, kafka_partition, kafka_offset)"
                                 + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")) {
                b.setString(1, batch.batchId());
                b.setString(2, batch.root());
                b.setInt(3, batch.eventCount());
                b.setString(4, batch.offsets());
                b.setLong(5, batch.chainId());
                b.setString(6, batch.contract());
                b.setString(7, batch.txHash());
                b.setLong(8, batch.blockNumber());
                b.setLong(9, batch.gasUsed());
                b.setString(10, batch.status());
                b.executeUpdate();
                for (StoredProof proof : proofs) {
                    p.setString(1, proof.eventId());
                    p.setString(2, batch.batchId());
                    p.setString(3, proof.eventHash());
                    p.setString(4, proof.leaf());
                    p.setInt(5, proof.leafIndex());
                    Array array = c.createArrayOf("text", proof.proof().toArray());
                    p.setArray(6, array);
                    p.setString(7, proof.topic());
                    p.setInt(8, proof.partition());
                    p.setLong(9, proof.offset());
                    p.addBatch();
                }
                p.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Which of these event ids already have a proof (they were anchored before a restart). */
    public Set<String> alreadyProven(Collection<String> eventIds) throws SQLException {
        Set<String> found = new HashSet<>();
        if (eventIds.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT event_id FROM event_proof WHERE event_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", eventIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    public Optional<ProofRow> find(String eventId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT p.event_id, p.event_hash, p.leaf, p.proof, b.root, b.batch_id, b.chain_id, b.contract,"
                             + " b.tx_hash, b.block_number FROM event_proof p JOIN batch b ON b.batch_id = p.batch_id"
                             + " WHERE p.event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String[] proof = (String[]) rs.getArray(4).getArray();
                return Optional.of(new ProofRow(rs.getString(1), rs.getString(2), rs.getString(3), List.of(proof),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getLong(10)));
            }
        }
    }

    /** Anchored batches, newest first. */
    public List<BatchRow> batches(int limit) throws SQLException {
        return queryBatches(BATCH_COLUMNS + " ORDER BY anchored_at DESC, batch_id LIMIT ?", s -> s.setInt(1, limit));
    }

    public Optional<BatchRow> batch(String batchId) throws SQLException {
        return queryBatches(BATCH_COLUMNS + " WHERE batch_id = ?", s -> s.setString(1, batchId)).stream().findFirst();
    }

    private static final String BATCH_COLUMNS = "SELECT batch_id, root, event_count, offsets, chain_id, contract, tx_hash,"
            + " block_number, gas_used, status, anchored_at FROM batch";

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<BatchRow> queryBatches(String sql, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            List<BatchRow> rows = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new BatchRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getString(10),
                            rs.getTimestamp(11).toInstant().toString()));
                }
            }
            return rows;
        }
    }

    public record BatchRow(String batchId, String root, int eventCount, String offsets, long chainId, String contract,
                           String txHash, long blockNumber, long gasUsed, String status, String anchoredAt) {
    }

    public record StoredBatch(String batchId, String root, int eventCount, String offsets, long chainId,
                              String contract, String txHash, long blockNumber, long gasUsed, String status) {
    }

    public record StoredProof(String eventId, String eventHash, String leaf, int leafIndex, List<String> proof,
                              String topic, int partition, long offset) {
    }

    public record ProofRow(String eventId, String eventHash, String leaf, List<String> proof, String root,
                           String batchId, long chainId, String contract, String txHash, long blockNumber) {
    }
}
