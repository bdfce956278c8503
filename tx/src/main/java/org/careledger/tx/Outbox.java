package org.careledger.tx;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.careledger.tx.Transactions;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;

/**
 * The one table ({@code chain_tx}) of every transaction CareLedger signs, each written before it is
 * broadcast. A restart reconciles from these rows only: what is stored but unknown to the node goes
 * out again byte for byte, so a nonce is never skipped nor reused for another payload.
 */
public final class Outbox {

    private static final String COLUMNS = "tx_hash, work_kind, work_id, chain_id, sender, to_address, nonce, max_fee_wei,"
            + " max_priority_fee_wei, gas_limit, raw_tx, created_at";

    private final DataSource dataSource;

    public Outbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a signed attempt, with the caller's own rows written in the same database transaction. */
    public void save(Attempt a, Transactions.Work alongside) throws SQLException {
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO chain_tx (tx_hash, work_kind, work_id, chain_id, sender,"
                    + " to_address, nonce, max_fee_wei, max_priority_fee_wei, gas_limit, raw_tx) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                int i = 0;
                s.setString(++i, a.txHash());
                s.setString(++i, a.kind());
                s.setString(++i, a.workId());
                s.setLong(++i, a.chainId());
                s.setString(++i, a.sender());
                s.setString(++i, a.to());
                s.setLong(++i, a.nonce());
                s.setBigDecimal(++i, new BigDecimal(a.fees().maxFeePerGas()));
                s.setBigDecimal(++i, new BigDecimal(a.fees().maxPriorityFeePerGas()));
                s.setLong(++i, a.gasLimit().longValueExact());
                s.setString(++i, a.rawTx());
                s.executeUpdate();
            }
            alongside.run(c);
        });
    }

    /** Every attempt of one piece of work, newest first. */
    public List<Attempt> attempts(String kind, String workId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM chain_tx WHERE work_kind = ? AND work_id = ? ORDER BY created_at DESC, nonce DESC")) {
            s.setString(1, kind);
            s.setString(2, workId);
            List<Attempt> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(attempt(rs));
                }
            }
            return rows;
        }
    }

    /**
     * The highest nonce of this key's open attempts on this chain, or -1: those are the stored
     * transactions a reconciliation will rebroadcast, so new nonces must start after them. A
     * closed attempt is mined or superseded, and the chain's own count covers it.
     */
    public long highestOpenNonce(long chainId, String sender) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT coalesce(max(nonce), -1) FROM chain_tx WHERE chain_id = ? AND sender = ? AND closed_at IS NULL")) {
            s.setLong(1, chainId);
            s.setString(2, sender);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the highest signed nonce (" + e.getSQLState() + ")", e);
        }
    }

    /** The work is done (or given up): its attempts no longer hold nonces. */
    public void close(String kind, String workId) throws SQLException {
        setClosed(kind, workId, true);
    }

    /** The work must go on after all (its mined transaction left the chain in a reorganisation). */
    public void reopen(String kind, String workId) throws SQLException {
        setClosed(kind, workId, false);
    }

    private void setClosed(String kind, String workId, boolean closed) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE chain_tx SET closed_at = " + (closed ? "coalesce(closed_at, now())" : "NULL")
                        + " WHERE work_kind = ? AND work_id = ?")) {
            s.setString(1, kind);
            s.setString(2, workId);
            s.executeUpdate();
        }
    }

    private static Attempt attempt(ResultSet rs) throws SQLException {
        String rawTx = rs.getString(11);
        Fees fees = new Fees(rs.getBigDecimal(8).toBigIntegerExact(), rs.getBigDecimal(9).toBigIntegerExact());
        BigInteger gasLimit = BigInteger.valueOf(rs.getLong(10));
        String to = rs.getString(6);
        if (gasLimit.signum() == 0 && TransactionDecoder.decode(rawTx).getTransaction() instanceof Transaction1559 signed) {
            // a row carried over from an outbox that kept only the signed bytes: they hold the fees, gas and target
            fees = new Fees(signed.getMaxFeePerGas(), signed.getMaxPriorityFeePerGas());
            gasLimit = signed.getGasLimit();
            to = signed.getTo();
        }
        return new Attempt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), to,
                rs.getLong(7), fees, gasLimit, rawTx, rs.getTimestamp(12).toInstant());
    }

    /** One signed transaction of one piece of work. */
    public record Attempt(String txHash, String kind, String workId, long chainId, String sender, String to, long nonce, Fees fees,
                          BigInteger gasLimit, String rawTx, Instant createdAt) {
    }
}
