package org.careledger.routes.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import org.careledger.mappings.engine.PatientPseudonyms;
import org.careledger.routes.security.DevSecretsGuard;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The PostgreSQL pseudonym vault. A patient's public ID is 128 random bits, allocated on first
 * sighting of (assigning authority, identifier) and found again through an HMAC of that pair under
 * the vault key. Concurrent first sightings race on the primary key: one insert wins, all read its ID.
 * The identifier itself is kept only inside an AES-GCM identity envelope under a second key; ADT^A40
 * merges are recorded as links between public IDs.
 */
@ApplicationScoped
public class PseudonymVault implements PatientPseudonyms {

    private static final String INSERT = "INSERT INTO pseudonym (lookup_hash, public_id, identity_envelope) VALUES (?, ?, ?) "
            + "ON CONFLICT (lookup_hash) DO NOTHING";
    private static final String MERGE = "INSERT INTO pseudonym_merge (survivor_public_id, prior_public_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String SELECT = "SELECT public_id FROM pseudonym WHERE lookup_hash = ?";

    private final DataSource dataSource;
    private final SecretKeySpec hmacKey;
    private final SecretKeySpec envelopeKey;
    private final SecureRandom random = new SecureRandom();

    public PseudonymVault(DataSource dataSource, DevSecretsGuard checkedFirst,
                          @ConfigProperty(name = "careledger.vault.hmac-key") String hmacKeyBase64,
                          @ConfigProperty(name = "careledger.vault.encryption-key") String envelopeKeyBase64) {
        this.dataSource = dataSource;
        this.hmacKey = new SecretKeySpec(Base64.getDecoder().decode(hmacKeyBase64.trim()), "HmacSHA256");
        byte[] envelope = Base64.getDecoder().decode(envelopeKeyBase64.trim());
        if (envelope.length != 32) {
            throw new IllegalArgumentException("careledger.vault.encryption-key: exactly 32 bytes (AES-256) are required");
        }
        this.envelopeKey = new SecretKeySpec(envelope, "AES");
    }

    @Override
    public String publicId(String assigningAuthority, String identifier) {
        byte[] lookup = lookupHash(assigningAuthority, identifier);
        try (Connection c = dataSource.getConnection()) {
            String existing = find(c, lookup);
            if (existing != null) {
                return existing;
            }
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setBytes(1, lookup);
                insert.setString(2, newPublicId());
                insert.setBytes(3, envelope(assigningAuthority, identifier));
                insert.executeUpdate();
            }
            String winner = find(c, lookup);
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

    /** AES-256-GCM over authority NUL identifier, with the lookup's purpose bound in as associated data. */
    private byte[] envelope(String assigningAuthority, String identifier) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, envelopeKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD("careledger-pseudonym-v1".getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal((assigningAuthority + "\0" + identifier).getBytes(StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static String find(Connection c, byte[] lookup) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT)) {
            select.setBytes(1, lookup);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    byte[] lookupHash(String assigningAuthority, String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            // the separator cannot occur in either HL7 value, so (a, bc) and (ab, c) never collide
            mac.update(assigningAuthority.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private String newPublicId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return "pt-" + HexFormat.of().formatHex(id);
    }
}
