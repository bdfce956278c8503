package org.careledger.routes.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.careledger.crypto.KeyRing;
import org.careledger.crypto.Sealer;
import org.careledger.devstack.PostgresNode;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vault on a real PostgreSQL, its lookup and envelope keys rotating. */
class PseudonymVaultTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static PostgresNode postgres;
    private static int databases;
    private DataSource db;
    private final byte[] lookup1 = key();
    private final byte[] lookup2 = key();
    private final byte[] envelope1 = key();
    private final byte[] envelope2 = key();

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresNode.start(Files.createTempDirectory("vault-tests"), 0);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        String name = "vault_test_" + (++databases);
        try (Connection c = dataSource("postgres").getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        db = dataSource(name);
        Flyway.configure().dataSource(db).locations("classpath:db/routes").load().migrate();
    }

    private static DataSource dataSource(String database) {
        return postgres.dataSource(database);
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    private PseudonymVault beforeRotation() {
        return new PseudonymVault(db, KeyRing.of("k1", lookup1), KeyRing.of("k1", envelope1));
    }

    private PseudonymVault afterRotation() {
        return new PseudonymVault(db, KeyRing.of("k2", lookup2, Map.of("k1", lookup1)), KeyRing.of("k2", envelope2, Map.of("k1", envelope1)));
    }

    @Test
    void aPatientFirstSeenUnderKeyOneKeepsTheirPublicIdAfterKeyTwoBecomesCurrentAndNewPatientsUseKeyTwo() throws Exception {
        String before = beforeRotation().publicId("STMARYS", "MRN-1");

        PseudonymVault rotated = afterRotation();
        String newcomer = rotated.publicId("STMARYS", "MRN-2");

        assertThat(rotated.publicId("STMARYS", "MRN-1")).isEqualTo(before);
        assertThat(rotated.publicId("STMARYS", "MRN-2")).isEqualTo(newcomer).isNotEqualTo(before);
        assertThat(keyIds(before)).containsExactly("k1", "k1");
        assertThat(keyIds(newcomer)).containsExactly("k2", "k2");
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void withoutTheRetiredLookupKeyTheSamePatientWouldBecomeANewPerson() throws Exception {
        String before = beforeRotation().publicId("STMARYS", "MRN-3");

        String forgotten = new PseudonymVault(db, KeyRing.of("k2", lookup2), KeyRing.of("k2", envelope2)).publicId("STMARYS", "MRN-3");

        assertThat(forgotten).as("the retired key is what finds the earlier row").isNotEqualTo(before);
    }

    @Test
    void anEnvelopeSealedUnderKeyOneStillOpensAfterKeyTwoBecomesCurrent() throws Exception {
        String early = beforeRotation().publicId("STMARYS", "MRN-4");
        String late = afterRotation().publicId("NORTHSIDE", "MRN-5");
        Sealer opener = new Sealer(KeyRing.of("k2", envelope2, Map.of("k1", envelope1)), PseudonymVault.ENVELOPE_PURPOSE);

        assertThat(new String(opener.open("k1", envelope(early)), StandardCharsets.UTF_8)).isEqualTo("STMARYS\0MRN-4");
        assertThat(new String(opener.open("k2", envelope(late)), StandardCharsets.UTF_8)).isEqualTo("NORTHSIDE\0MRN-5");
    }

    @Test
    void rowsWrittenBeforeKeyIdsAreFoundByTheSameHashUnderTheirKey() throws Exception {
        // what the vault stored before key ids: HMAC-SHA256(authority NUL identifier), no key id
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(lookup1, "HmacSHA256"));
        byte[] legacy = mac.doFinal("STMARYS\0MRN-6".getBytes(StandardCharsets.UTF_8));
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO pseudonym (lookup_hash, public_id) VALUES (?, 'pt-legacy')")) {
            s.setBytes(1, legacy);
            s.executeUpdate();
        }

        assertThat(afterRotation().publicId("STMARYS", "MRN-6")).isEqualTo("pt-legacy");
    }

    private String[] keyIds(String publicId) throws Exception {
        return new String[] {column(publicId, "lookup_key_id"), column(publicId, "envelope_key_id")};
    }

    private byte[] envelope(String publicId) throws Exception {
        return column(publicId, "identity_envelope");
    }

    @SuppressWarnings("unchecked")
    private <T> T column(String publicId, String column) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM pseudonym WHERE public_id = ?")) {
            s.setString(1, publicId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return (T) rs.getObject(1);
            }
        }
    }

    private int rows() throws Exception {
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pseudonym")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
