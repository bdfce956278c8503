package org.careledger.bridge.proof;

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

    /** Which of these event ids are already in a stored batch (each stored batch is anchored in the end). */
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

    /** The event's proof once its batch is confirmed, with its claim leaf's proof when the event is a claim. */
    public Optional<ProofRow> find(String eventId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT p.event_id, p.event_hash, p.leaf, p.proof, b.root, b.batch_id, b.chain_id, b.contract,"
                             + " b.tx_hash, b.block_number, l.proof FROM event_proof p JOIN batch b ON b.batch_id = p.batch_id"
                             + " LEFT JOIN claim_leaf_proof l ON l.event_id = p.event_id AND l.batch_id = p.batch_id"
                             + " WHERE p.event_id = ? AND b.status = 'confirmed'")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String[] proof = (String[]) rs.getArray(4).getArray();
                java.sql.Array claimLeaf = rs.getArray(11);
                return Optional.of(new ProofRow(rs.getString(1), rs.getString(2), rs.getString(3), List.of(proof),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getLong(10),
                        claimLeaf == null ? Optional.empty() : Optional.of(List.of((String[]) claimLeaf.getArray()))));
            }
        }
    }

    /** Batches in every status, newest first. */
    public List<BatchRow> batches(int limit) throws SQLException {
        return queryBatches(BATCH_COLUMNS + " ORDER BY seq DESC LIMIT ?", s -> s.setInt(1, limit));
    }

    public Optional<BatchRow> batch(String batchId) throws SQLException {
        return queryBatches(BATCH_COLUMNS + " WHERE batch_id = ?", s -> s.setString(1, batchId)).stream().findFirst();
    }

    private static final String BATCH_COLUMNS = "SELECT batch_id, root, event_count, offsets, chain_id, contract, tx_hash,"
            + " block_number, gas_used, status, status_reason, anchored_at, confirmed_at FROM batch";

    /** How a batch's status changed, oldest first. */
    public List<StatusChange> history(String batchId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT status, reason, tx_hash, at FROM batch_status_change WHERE batch_id = ? ORDER BY id")) {
            s.setString(1, batchId);
            List<StatusChange> rows = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StatusChange(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant().toString()));
                }
            }
            return rows;
        }
    }

    /**
     * A random sample of this owner's confirmed events (other bridges sharing the database anchor on
     * other contracts) with where their records are, for the auditor: each row
     * is picked with probability {@code rate}, at most {@code limit} rows.
     */
    public List<AuditRow> sample(String owner, double rate, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT p.event_id, p.event_hash, p.leaf, p.proof, b.root, b.batch_id, p.topic, p.kafka_partition, p.kafka_offset"
                        + " FROM event_proof p TABLESAMPLE BERNOULLI (?) JOIN batch b ON b.batch_id = p.batch_id"
                        + " WHERE b.status = 'confirmed' AND b.owner = ? LIMIT ?")) {
            s.setDouble(1, Math.min(100.0, rate * 100.0));
            s.setString(2, owner);
            s.setInt(3, limit);
            List<AuditRow> rows = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AuditRow(rs.getString(1), rs.getString(2), rs.getString(3),
                            List.of((String[]) rs.getArray(4).getArray()), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getInt(8), rs.getLong(9)));
                }
            }
            return rows;
        }
    }

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
                            rs.getString(6), rs.getString(7), (Long) rs.getObject(8), (Long) rs.getObject(9), rs.getString(10),
                            rs.getString(11), rs.getTimestamp(12).toInstant().toString(),
                            rs.getTimestamp(13) == null ? null : rs.getTimestamp(13).toInstant().toString()));
                }
            }
            return rows;
        }
    }

    /** A batch in any status; the transaction fields are null until it is mined. */
    public record BatchRow(String batchId, String root, int eventCount, String offsets, long chainId, String contract,
                           String txHash, Long blockNumber, Long gasUsed, String status, String statusReason,
                           String closedAt, String confirmedAt) {
    }

    public record StatusChange(String status, String reason, String txHash, String at) {
    }

    public record AuditRow(String eventId, String eventHash, String leaf, List<String> proof, String root, String batchId,
                           String topic, int partition, long offset) {
    }

    public record StoredProof(String eventId, String eventHash, String leaf, int leafIndex, List<String> proof,
                              String topic, int partition, long offset) {
    }

    /** A claim event's claim leaf in its batch's tree. */
    public record ClaimLeafProof(String eventId, String value, int leafIndex, List<String> proof) {
    }

    /**
     * A confirmed event's proof; for a claim event also the proof of the claim leaf anchored beside
     * it, which ClaimSettlement checks before it pays.
     */
    public record ProofRow(String eventId, String eventHash, String leaf, List<String> proof, String root,
                           String batchId, long chainId, String contract, String txHash, long blockNumber,
                           Optional<List<String>> claimLeafProof) {
    }
}
