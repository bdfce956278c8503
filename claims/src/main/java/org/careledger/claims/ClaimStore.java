package org.careledger.claims;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.careledger.claims.webhook.WebhookSecrets;
import org.careledger.contracts.claims.ClaimSubmission;

import javax.sql.DataSource;

import org.careledger.tx.Transactions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Claims, their settlement transactions, payers' subscriptions and webhook deliveries in PostgreSQL. */
public final class ClaimStore {

    public static final String RECEIVED = "received";
    public static final String PENDING_ESCROW = "pending-escrow";
    public static final String SUBMITTED = "submitted";
    public static final String REJECTED = "rejected";
    public static final String SETTLED = "settled";
    public static final String PARTIALLY_SETTLED = "partially-settled";
    public static final String DENIED = "denied";

    public static final String DELIVERY_PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final WebhookSecrets secrets;

    public ClaimStore(DataSource dataSource, WebhookSecrets secrets) {
        this.dataSource = dataSource;
        this.secrets = secrets;
    }

    /** How a submission was taken. */
    public enum Intake { STORED, SAME_EVENT, DUPLICATE_CLAIM }

    /** Stores a new claim; the same event again changes nothing, another event with a known claim id is a duplicate. */
    public Intake insert(ClaimSubmission s, String topic, int partition, long offset) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO claim (claim_id, claim_key, event_id, topic, kafka_partition,"
                    + " kafka_offset, member, provider_id, payer_id, plan_code, service_day, currency, claim_type, lines, billed, status)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?,?) ON CONFLICT DO NOTHING")) {
                set(st, s.claimId(), s.claimKey(), s.eventId(), topic, partition, offset, s.member(), s.providerId(), s.payerId(),
                        s.planCode(), s.serviceDay(), s.currency(), s.claimType(), json(s.lines().stream()
                                .map(l -> Map.of("code", l.code(), "billed", l.billed().toString())).toList()),
                        new java.math.BigDecimal(s.billed()), RECEIVED);
                if (st.executeUpdate() == 1) {
                    history(c, s.claimId(), RECEIVED, null, null);
                    c.commit();
                    return Intake.STORED;
                }
            }
            Optional<String> known = first(c, "SELECT event_id FROM claim WHERE claim_id = ?", rs -> rs.getString(1), s.claimId());
            if (known.isPresent() && known.get().equals(s.eventId())
                    || first(c, "SELECT 1 FROM claim WHERE event_id = ?", rs -> 1, s.eventId()).isPresent()) {
                c.commit();
                return Intake.SAME_EVENT;
            }
            history(c, s.claimId(), "duplicate-refused", "claim id already submitted by another event", null);
            c.commit();
            return Intake.DUPLICATE_CLAIM;
        }
    }

    /** Claims to (re)consider for submission, oldest first. */
    public List<OpenClaim> due(Instant now, int limit) throws SQLException {
        return query("SELECT claim_id, event_id, member, provider_id, payer_id, plan_code, service_day, lines::text, status, solo,"
                + " NULL FROM claim WHERE status IN ('received', 'pending-escrow') AND next_try_at <= ? ORDER BY created_at LIMIT ?",
                ClaimStore::openClaim, Timestamp.from(now), limit);
    }

    public List<OpenClaim> submitted() throws SQLException {
        return query("SELECT claim_id, event_id, member, provider_id, payer_id, plan_code, service_day, lines::text, status, solo,"
                + " submission_id FROM claim WHERE status = 'submitted' ORDER BY created_at", ClaimStore::openClaim);
    }

    /** A status change with a reason; {@code retryAt} defers the claim's next look. */
    public void transition(String claimId, String status, String reason, Instant retryAt) throws SQLException {
        inTransaction(c -> {
            // a claim that waits again for the same reason gets a later look, not another history line
            boolean same = first(c, "SELECT 1 FROM claim WHERE claim_id = ? AND status = ? AND status_reason IS NOT DISTINCT FROM ?::text",
                    rs -> 1, claimId, status, reason).isPresent();
            update(c, "UPDATE claim SET status = ?, status_reason = ?, next_try_at = COALESCE(?::timestamptz, next_try_at),"
                    + " updated_at = clock_timestamp() WHERE claim_id = ?", status, reason,
                    retryAt == null ? null : Timestamp.from(retryAt), claimId);
            if (!same) {
                history(c, claimId, status, reason, null);
            }
        });
    }

    /** A claim refused inside a batch: from now on it goes alone, so one claim cannot hold back others. */
    public void submitAlone(String claimId, String reason) throws SQLException {
        inTransaction(c -> {
            update(c, "UPDATE claim SET status = 'received', solo = true, status_reason = ?, updated_at = clock_timestamp()"
                    + " WHERE claim_id = ?", reason, claimId);
            history(c, claimId, RECEIVED, reason, null);
        });
    }

    /**
     * Marks claims submitted in the given submission, on the connection that stores its signed
     * transaction in the outbox: both are written, or neither, before anything is broadcast.
     */
    public void submitting(Connection c, String submissionId, List<OpenClaim> claims, List<Anchoring> anchors) throws SQLException {
        for (int i = 0; i < claims.size(); i++) {
            update(c, "UPDATE claim SET status = 'submitted', status_reason = NULL, submission_id = ?, tx_hash = ?, anchor_batch_id = ?,"
                    + " event_hash = ?, updated_at = clock_timestamp() WHERE claim_id = ?", submissionId, submissionId,
                    anchors.get(i).batchId(), anchors.get(i).eventHash(), claims.get(i).claimId());
            history(c, claims.get(i).claimId(), SUBMITTED, claims.size() > 1 ? "in a batch of " + claims.size() : null, submissionId);
        }
    }

    /**
     * Records the contract's decision and queues one delivery per active subscription of the payer, in
     * one transaction; false (and nothing written) when the claim is unknown here or already recorded.
     */
    public boolean settle(Settlement s, byte[] payload, String eventType, Instant firstAttempt) throws SQLException {
        boolean[] recorded = {false};
        inTransaction(c -> {
            Optional<String> payer = first(c, "SELECT payer_id FROM claim WHERE claim_id = ? AND status NOT IN"
                    + " ('settled', 'partially-settled', 'denied') FOR UPDATE", rs -> rs.getString(1), s.claimId());
            if (payer.isEmpty()) {
                return;
            }
            update(c, "UPDATE claim SET status = ?, status_reason = NULL, tx_hash = ?, block_number = ?, paid = ?, line_paid = ?::jsonb,"
                    + " line_outcomes = ?::jsonb, anchor_batch_id = ?, event_hash = ?, updated_at = clock_timestamp() WHERE claim_id = ?",
                    s.status(), s.txHash(), s.blockNumber(), new java.math.BigDecimal(s.paid()),
                    json(s.linePaid().stream().map(BigInteger::toString).toList()), json(s.lineOutcomes()), s.anchorBatchId(),
                    s.eventHash(), s.claimId());
            history(c, s.claimId(), s.status(), null, s.txHash());
            update(c, "INSERT INTO webhook_delivery (delivery_id, subscription_id, claim_id, event_type, payload, status, next_attempt_at)"
                    + " SELECT 'dlv-' || md5(subscription_id || ':' || ?), subscription_id, ?, ?, ?, 'pending', ? FROM payer_subscription"
                    + " WHERE payer_id = ? AND active ON CONFLICT DO NOTHING", s.claimId(), s.claimId(), eventType, payload,
                    Timestamp.from(firstAttempt), payer.get());
            recorded[0] = true;
        });
        return recorded[0];
    }

    public Optional<ClaimView> find(String claimIdOrKey) throws SQLException {
        Optional<ClaimView> view = query("SELECT claim_id, claim_key, event_id, member, provider_id, payer_id, plan_code, currency,"
                + " billed, status, status_reason, lines::text, tx_hash, block_number, paid, line_paid::text, line_outcomes::text,"
                + " anchor_batch_id, event_hash, created_at, updated_at, claim_type FROM claim WHERE claim_id = ? OR claim_key = ?",
                rs -> new ClaimView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(22), rs.getString(8), text(rs.getBigDecimal(9)),
                        rs.getString(10), rs.getString(11), tree(rs.getString(12)), rs.getString(13), (Long) rs.getObject(14),
                        text(rs.getBigDecimal(15)), tree(rs.getString(16)), tree(rs.getString(17)), rs.getString(18),
                        rs.getString(19), rs.getTimestamp(20).toInstant(), rs.getTimestamp(21).toInstant(), List.of(), List.of()),
                claimIdOrKey, claimIdOrKey).stream().findFirst();
        if (view.isEmpty()) {
            return view;
        }
        String id = view.get().claimId();
        List<StatusChange> history = query("SELECT status, reason, tx_hash, at FROM claim_status_change WHERE claim_id = ? ORDER BY id",
                rs -> new StatusChange(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()), id);
        List<DeliveryView> deliveries = query("SELECT d.delivery_id, d.subscription_id, s.url, d.status, d.attempts, d.last_status,"
                + " d.last_error, d.next_attempt_at, d.delivered_at FROM webhook_delivery d JOIN payer_subscription s"
                + " ON s.subscription_id = d.subscription_id WHERE d.claim_id = ? ORDER BY d.created_at",
                rs -> new DeliveryView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        (Integer) rs.getObject(6), rs.getString(7), DEAD.equals(rs.getString(4)) || DELIVERED.equals(rs.getString(4))
                        ? null : rs.getTimestamp(8).toInstant(), rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()), id);
        return Optional.of(view.get().with(history, deliveries));
    }

    // ---- payers' subscriptions and deliveries ----

    public Subscription subscribe(String subscriptionId, String payerId, String url, String secret) throws SQLException {
        WebhookSecrets.Sealed sealed = secrets.seal(secret);
        inTransaction(c -> update(c, "INSERT INTO payer_subscription (subscription_id, payer_id, url, secret_key_id, secret_sealed)"
                + " VALUES (?,?,?,?,?)", subscriptionId, payerId, url, sealed.keyId(), sealed.ciphertext()));
        return new Subscription(subscriptionId, payerId, url, true);
    }

    /** Seals the secrets of subscriptions stored in clear before secrets were sealed; returns how many. */
    public int sealClearSecrets() throws SQLException {
        List<String[]> clear = query("SELECT subscription_id, secret FROM payer_subscription WHERE secret IS NOT NULL",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        for (String[] row : clear) {
            WebhookSecrets.Sealed sealed = secrets.seal(row[1]);
            inTransaction(c -> update(c, "UPDATE payer_subscription SET secret_key_id = ?, secret_sealed = ?, secret = NULL"
                    + " WHERE subscription_id = ?", sealed.keyId(), sealed.ciphertext(), row[0]));
        }
        return clear.size();
    }

    public List<Subscription> subscriptions(String payerId) throws SQLException {
        return query("SELECT subscription_id, payer_id, url, active FROM payer_subscription WHERE payer_id = ? ORDER BY created_at",
                rs -> new Subscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)), payerId);
    }

    public boolean unsubscribe(String payerId, String subscriptionId) throws SQLException {
        int[] changed = {0};
        inTransaction(c -> changed[0] = update(c, "UPDATE payer_subscription SET active = false WHERE payer_id = ? AND subscription_id = ?",
                payerId, subscriptionId));
        return changed[0] == 1;
    }

    public List<Delivery> dueDeliveries(Instant now, int limit) throws SQLException {
        return query("SELECT d.delivery_id, d.claim_id, d.event_type, d.payload, d.attempts, s.url, s.secret_key_id, s.secret_sealed"
                + " FROM webhook_delivery d"
                + " JOIN payer_subscription s ON s.subscription_id = d.subscription_id WHERE d.status = 'pending'"
                + " AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?",
                rs -> new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getInt(5), rs.getString(6),
                        secrets.open(rs.getString(7), rs.getBytes(8))), Timestamp.from(now), limit);
    }

    /** One attempt's result: delivered, due again at {@code nextAt}, or dead when {@code nextAt} is null. */
    public void attempted(Delivery d, boolean delivered, int httpStatus, String error, Instant at, Instant nextAt) throws SQLException {
        String status = delivered ? DELIVERED : nextAt == null ? DEAD : DELIVERY_PENDING;
        inTransaction(c -> {
            update(c, "UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?,"
                    + " next_attempt_at = COALESCE(?::timestamptz, next_attempt_at), delivered_at = ? WHERE delivery_id = ?", status,
                    httpStatus == 0 ? null : httpStatus, error, nextAt == null ? null : Timestamp.from(nextAt),
                    delivered ? Timestamp.from(at) : null, d.deliveryId());
            if (!DELIVERY_PENDING.equals(status)) {
                history(c, d.claimId(), delivered ? "webhook-delivered" : "webhook-dead-lettered",
                        d.deliveryId() + (delivered ? "" : " after " + (d.attempts() + 1) + " attempts, last: " + error), null);
            }
        });
    }

    // ---- the settlement events' read position ----

    public Optional<Long> cursor(String name) throws SQLException {
        return query("SELECT block FROM chain_cursor WHERE name = ?", rs -> rs.getLong(1), name).stream().findFirst();
    }

    public void moveCursor(String name, long block) throws SQLException {
        inTransaction(c -> update(c, "INSERT INTO chain_cursor (name, block) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET block = ?",
                name, block, block));
    }

    // ---- rows ----

    /** A claim still to be settled, with what the contract needs. */
    public record OpenClaim(String claimId, String eventId, String member, String providerId, String payerId, String planCode,
                            long serviceDay, List<ClaimSubmission.Line> lines, String status, boolean solo, String submissionId) {
    }

    /** Where the claim's event is anchored. */
    public record Anchoring(String batchId, String eventHash) {
    }

    /** The contract's decision on one claim, read from its event at the confirmation depth. */
    public record Settlement(String claimId, String status, BigInteger paid, List<BigInteger> linePaid, List<Integer> lineOutcomes,
                             String anchorBatchId, String eventHash, String txHash, long blockNumber) {
    }

    public record Subscription(String subscriptionId, String payerId, String url, boolean active) {
    }

    public record Delivery(String deliveryId, String claimId, String eventType, byte[] payload, int attempts, String url,
                           String secret) {
    }

    public record StatusChange(String status, String reason, String txHash, Instant at) {
    }

    public record DeliveryView(String deliveryId, String subscriptionId, String url, String status, int attempts, Integer lastStatus,
                               String lastError, Instant nextAttemptAt, Instant deliveredAt) {
    }

    /** A claim as {@code GET /claims/{claimId}} shows it. Amounts are in the token's minor units. */
    public record ClaimView(String claimId, String claimKey, String eventId, String member, String providerId, String payerId,
                            String planCode, String claimType, String currency, String billed, String status, String statusReason,
                            com.fasterxml.jackson.databind.JsonNode lines, String txHash, Long blockNumber, String paid,
                            com.fasterxml.jackson.databind.JsonNode linePaid, com.fasterxml.jackson.databind.JsonNode lineOutcomes,
                            String anchorBatchId, String eventHash, Instant createdAt, Instant updatedAt,
                            List<StatusChange> history, List<DeliveryView> deliveries) {
        ClaimView with(List<StatusChange> h, List<DeliveryView> d) {
            return new ClaimView(claimId, claimKey, eventId, member, providerId, payerId, planCode, claimType, currency, billed, status,
                    statusReason, lines, txHash, blockNumber, paid, linePaid, lineOutcomes, anchorBatchId, eventHash, createdAt,
                    updatedAt, h, d);
        }
    }

    // ---- JDBC ----

    private static OpenClaim openClaim(ResultSet rs) throws SQLException {
        List<ClaimSubmission.Line> lines = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode l : tree(rs.getString(8))) {
            lines.add(new ClaimSubmission.Line(l.path("code").asText(), new BigInteger(l.path("billed").asText())));
        }
        return new OpenClaim(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getLong(7), lines, rs.getString(9), rs.getBoolean(10), rs.getString(11));
    }

    private static void history(Connection c, String claimId, String status, String reason, String txHash) throws SQLException {
        update(c, "INSERT INTO claim_status_change (claim_id, status, reason, tx_hash) VALUES (?,?,?,?)", claimId, status, reason, txHash);
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private void inTransaction(Transactions.Work work) throws SQLException {
        Transactions.inTransaction(dataSource, work);
    }

    private <T> List<T> query(String sql, Row<T> row, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return query(c, sql, row, params);
        }
    }

    private static <T> List<T> query(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            set(st, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
            return out;
        }
    }

    private static <T> Optional<T> first(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        return query(c, sql, row, params).stream().findFirst();
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            set(st, params);
            return st.executeUpdate();
        }
    }

    private static void set(PreparedStatement st, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(java.math.BigDecimal amount) {
        return amount == null ? null : amount.toBigInteger().toString();
    }
}
