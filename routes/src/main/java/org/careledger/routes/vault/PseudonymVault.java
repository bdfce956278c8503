package org.careledger.routes.vault;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.careledger.crypto.KeyRing;
import org.careledger.crypto.KeyedHash;
import org.careledger.crypto.Sealer;
import org.careledger.mappings.engine.PatientPseudonyms;
import org.careledger.routes.security.DevSecretsGuard;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The PostgreSQL pseudonym vault. A patient's public ID is 128 random bits, allocated on first
 * sighting of (assigning authority, identifier) and found again through an HMAC of that pair under
 * the vault key. Concurrent first sightings race on the primary key: one insert wins, all read its ID.
 * The identifier itself is kept only inside an AES-GCM identity envelope under a second key; ADT^A40
 * merges are recorded as links between public IDs. Both keys rotate: each row names the key ids it
 * was written under, a look-up hashes under every configured key, and new rows use the current ones.
 */
@ApplicationScoped
public class PseudonymVault implements PatientPseudonyms {

    /** Bound into every envelope with its key id: an envelope opens for this purpose only. */
    static final String ENVELOPE_PURPOSE = "careledger-pseudonym-v1";
    private static final String INSERT = "INSERT INTO pseudonym (lookup_hash, public_id, identity_envelope, lookup_key_id,"
            + " envelope_key_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (lookup_hash) DO NOTHING";
    private static final String MERGE = "INSERT INTO pseudonym_merge (survivor_public_id, prior_public_id) VALUES (?, ?) ON CONFLICT DO NOTHING";

    private final DataSource dataSource;
    private final KeyedHash lookups;
    private final Sealer envelopes;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public PseudonymVault(DataSource dataSource, DevSecretsGuard checkedFirst,
                          @ConfigProperty(name = "careledger.vault.hmac-key") String hmacKeyBase64,
                          @ConfigProperty(name = "careledger.vault.hmac-key-id") String hmacKeyId,
                          @ConfigProperty(name = "careledger.vault.retired-hmac-keys") Optional<String> retiredHmacKeys,
                          @ConfigProperty(name = "careledger.vault.encryption-key") String envelopeKeyBase64,
                          @ConfigProperty(name = "careledger.vault.encryption-key-id") String envelopeKeyId,
                          @ConfigProperty(name = "careledger.vault.retired-encryption-keys") Optional<String> retiredEnvelopeKeys) {
        this(dataSource, KeyRing.parse("careledger.vault.hmac-key", hmacKeyId, hmacKeyBase64, retiredHmacKeys),
                KeyRing.parse("careledger.vault.encryption-key", envelopeKeyId, envelopeKeyBase64, retiredEnvelopeKeys));
    }

    public PseudonymVault(DataSource dataSource, KeyRing lookupKeys, KeyRing envelopeKeys) {
        this.dataSource = dataSource;
        this.lookups = new KeyedHash(lookupKeys);
        this.envelopes = new Sealer(envelopeKeys, ENVELOPE_PURPOSE);
    }

    @Override
    public String publicId(String assigningAuthority, String identifier) {
        Collection<byte[]> underEveryKey = lookups.underEveryKey(assigningAuthority, identifier).values();
        try (Connection c = dataSource.getConnection()) {
            String existing = find(c, underEveryKey);
            if (existing != null) {
                return existing;
            }
            Sealer.Sealed envelope = envelopes.seal((assigningAuthority + "\0" + identifier).getBytes(StandardCharsets.UTF_8));
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setBytes(1, lookups.current(assigningAuthority, identifier));
                insert.setString(2, newPublicId());
                insert.setBytes(3, envelope.bytes());
                insert.setString(4, lookups.currentId());
                insert.setString(5, envelope.keyId());
                insert.executeUpdate();
            }
            String winner = find(c, underEveryKey);
            if (winner == null) {
                throw new IllegalStateException("pseudonym vault: no public ID after insert");
            }
            return winner;
        } catch (SQLException e) {
            throw new IllegalStateException("pseudonym vault unavailable: " + e.getSQLState(), e);
        }
    }

    @Override
    public void linkMerged(String survivorPublicId, String priorPublicId) {
        if (survivorPublicId.equals(priorPublicId)) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement merge = c.prepareStatement(MERGE)) {
            merge.setString(1, survivorPublicId);
            merge.setString(2, priorPublicId);
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("pseudonym vault unavailable: " + e.getSQLState(), e);
        }
    }

    /** The public ID stored under any of these lookup hashes (one per key; at most one row matches a person). */
    private static String find(Connection c, Collection<byte[]> lookups) throws SQLException {
        String marks = String.join(",", java.util.Collections.nCopies(lookups.size(), "?"));
        try (PreparedStatement select = c.prepareStatement("SELECT public_id FROM pseudonym WHERE lookup_hash IN (" + marks + ")")) {
            int i = 0;
            for (byte[] lookup : lookups) {
                select.setBytes(++i, lookup);
            }
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String newPublicId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return "pt-" + HexFormat.of().formatHex(id);
    }
}
