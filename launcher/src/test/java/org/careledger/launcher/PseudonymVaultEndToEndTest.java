package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.careledger.devstack.StackEndpoints;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL pseudonym vault behind the running routes app: public IDs are random (BAD-INPUTS 35),
 * one per identifier even when first seen on many connections at once, identifiers are stored only
 * as a keyed hash and a sealed envelope, A40 merges are linked, and FHIR input shares the vault.
 */
class PseudonymVaultEndToEndTest {

    // the routes app's public development keys (application.properties)
    private static final byte[] VAULT_HMAC_KEY = Base64.getDecoder().decode("Q2FyZUxlZGdlciBkZXYgdmF1bHQga2V5LCBwdWJsaWM=");
    private static final byte[] VAULT_ENVELOPE_KEY = Base64.getDecoder().decode("Q2FyZUxlZGdlciBkZXYgdmF1bHQgZW52ZWxvcGUga2U=");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVENTS = Pattern.compile("careledger\\.events\\..*");

    private static String admission(String controlId, String mrn) throws Exception {
        return SharedHub.admission(controlId).replace("MRN7731001", mrn);
    }

    private static JsonNode awaitEvent(String er7) {
        String id = SharedHub.eventId(er7);
        return Awaitility.await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (TopicReader.Record r : TopicReader.readEvents(SharedHub.get().endpoints().kafka().operator(), EVENTS)) {
                if (r.cloudEventId().orElse("").equals(id)) {
                    return JSON.readTree(r.value());
                }
            }
            return null;
        }, e -> e != null);
    }

    private static Connection vault() throws Exception {
        StackEndpoints e = SharedHub.get().endpoints();
        return DriverManager.getConnection(e.routesJdbcUrl(), e.jdbcUsername(), e.jdbcPassword());
    }

    private static byte[] lookupHash(String authority, String identifier) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(VAULT_HMAC_KEY, "HmacSHA256"));
        mac.update(authority.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void publicIdsAreNotUnkeyedHashesOfTheIdentifierAndTheVaultHoldsNoIdentifierInTheClear() throws Exception {
        String mrn = "MRN" + (10_000_000 + new java.util.Random().nextInt(89_999_999));
        assertThat(SharedHub.send(admission("E2E-VAULT-1", mrn)).code()).isEqualTo("AA");
        String publicId = awaitEvent(admission("E2E-VAULT-1", mrn)).path("subject").asText();
        assertThat(publicId).matches("pt-[0-9a-f]{32}");
        String hex = publicId.substring(3);

        // rainbow table: the usual unkeyed hashes of every spelling of the identifier
        List<String> spellings = List.of(mrn, "STMARYS" + mrn, "STMARYS|" + mrn, "STMARYS\0" + mrn, mrn + "^^^STMARYS^MR", mrn.toLowerCase());
        for (String spelling : spellings) {
            for (String algorithm : List.of("MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256")) {
                byte[] digest = MessageDigest.getInstance(algorithm).digest(spelling.getBytes(StandardCharsets.UTF_8));
                String digestHex = HexFormat.of().formatHex(digest);
                assertThat(digestHex).as("%s of the identifier", algorithm).doesNotContain(hex.substring(0, 16));
                assertThat(hex).doesNotContain(digestHex.substring(0, 16));
                assertThat(publicId).doesNotContain(Base64.getEncoder().encodeToString(digest).substring(0, 12));
            }
        }

        try (Connection c = vault();
             PreparedStatement row = c.prepareStatement("SELECT lookup_hash, identity_envelope, lookup_key_id, envelope_key_id FROM pseudonym"
                     + " WHERE public_id = ?");
             PreparedStatement clear = c.prepareStatement("SELECT count(*) FROM pseudonym WHERE position(? in identity_envelope) > 0 "
                     + "OR position(? in lookup_hash) > 0 OR public_id LIKE ?")) {
            row.setString(1, publicId);
            try (ResultSet rs = row.executeQuery()) {
                assertThat(rs.next()).isTrue();
                byte[] lookup = rs.getBytes(1);
                assertThat(lookup).isEqualTo(lookupHash("STMARYS", mrn));
                assertThat(lookup).isNotEqualTo(MessageDigest.getInstance("SHA-256").digest(("STMARYS\0" + mrn).getBytes(StandardCharsets.UTF_8)));
                assertThat(rs.getString(3)).as("the lookup key's id is stored with the row").isEqualTo("k1");
                assertThat(rs.getString(4)).as("so is the envelope key's").isEqualTo("k1");
                assertThat(open(rs.getBytes(2), rs.getString(4))).isEqualTo("STMARYS\0" + mrn);
            }
            clear.setBytes(1, mrn.getBytes(StandardCharsets.UTF_8));
            clear.setBytes(2, mrn.getBytes(StandardCharsets.UTF_8));
            clear.setString(3, "%" + mrn + "%");
            try (ResultSet rs = clear.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("rows holding the identifier in the clear").isZero();
            }
        }
    }

    @Test
    void concurrentFirstSightingsOnManyConnectionsGetOnePublicId() throws Exception {
        String mrn = "MRN" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> acks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String controlId = "E2E-VAULT-RACE-" + mrn + "-" + i;
                acks.add(pool.submit(() -> SharedHub.send(admission(controlId, mrn)).code()));
            }
            for (Future<String> ack : acks) {
                assertThat(ack.get(60, TimeUnit.SECONDS)).isEqualTo("AA");
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> subjects = new java.util.HashSet<>();
        for (int i = 0; i < 8; i++) {
            subjects.add(awaitEvent(admission("E2E-VAULT-RACE-" + mrn + "-" + i, mrn)).path("subject").asText());
        }
        assertThat(subjects).hasSize(1);
        try (Connection c = vault(); PreparedStatement rows = c.prepareStatement("SELECT count(*) FROM pseudonym WHERE lookup_hash = ?")) {
            rows.setBytes(1, lookupHash("STMARYS", mrn));
            try (ResultSet rs = rows.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void aMergeLinksThePriorPseudonymToTheSurvivorsInTheEventAndTheVault() throws Exception {
        String survivor = "MRN" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String prior = "MRN" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String merge = "MSH|^~\\&|EPICADT|STMARYS|CARELEDGER|HUB|20261128||ADT^A40^ADT_A39|E2E-VAULT-MERGE|P|2.5.1\r"
                + "EVN|A40|20261128\r"
                + "PID|1||" + survivor + "^^^STMARYS^MR||Quillfeather^Ambrose||19720314|M\r"
                + "MRG|" + prior + "^^^STMARYS^MR\r";
        assertThat(SharedHub.send(merge).code()).isEqualTo("AA");
        JsonNode event = awaitEvent(merge);
        assertThat(event.path("type").asText()).isEqualTo("org.careledger.patient.merged.v1");
        String survivorId = event.path("subject").asText();
        String linked = event.at("/data/entry/0/resource/link/0/other/reference").asText();
        assertThat(linked).startsWith("Patient/pt-").isNotEqualTo("Patient/" + survivorId);
        try (Connection c = vault();
             PreparedStatement link = c.prepareStatement("SELECT prior_public_id FROM pseudonym_merge WHERE survivor_public_id = ?")) {
            link.setString(1, survivorId);
            try (ResultSet rs = link.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat("Patient/" + rs.getString(1)).isEqualTo(linked);
            }
        }
        assertThat(event.toString()).doesNotContain(prior).doesNotContain(survivor);
    }

    @Test
    void fhirInputIsPseudonymisedFromTheSameVaultAndPublishedPerResource() throws Exception {
        String mrn = "FHIR-" + UUID.randomUUID().toString().substring(0, 8);
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:2f0f4c1e-3f0e-4c56-9d7a-0d5f2b9c1a77","resource":{"resourceType":"Patient",
                   "identifier":[{"system":"urn:e2e:mrn","value":"%s"}],"name":[{"family":"Fenwick-Oduya","given":["Tamsin"]}],
                   "birthDate":"1984-09-03","gender":"female"},"request":{"method":"POST","url":"Patient"}},
                 {"resource":{"resourceType":"Observation","status":"final",
                   "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},
                   "subject":{"reference":"urn:uuid:2f0f4c1e-3f0e-4c56-9d7a-0d5f2b9c1a77"},
                   "valueQuantity":{"value":71,"unit":"/min"},"note":[{"text":"Tamsin Fenwick-Oduya rested first"}]},
                  "request":{"method":"POST","url":"Observation"}}]}""".formatted(mrn);
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SharedHub.get().ports().routesHttp() + "/fhir/r4"))
                .header("Content-Type", "application/fhir+json").header("Authorization", SharedHub.bearer(SharedHub.FEED))
                .POST(HttpRequest.BodyPublishers.ofString(bundle)).build();
        assertThat(HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(202);

        String publicId = Awaitility.await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (Connection c = vault(); PreparedStatement row = c.prepareStatement("SELECT public_id FROM pseudonym WHERE lookup_hash = ?")) {
                row.setBytes(1, lookupHash("urn:e2e:mrn", mrn));
                try (ResultSet rs = row.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        }, id -> id != null);
        List<JsonNode> events = Awaitility.await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<JsonNode> mine = new ArrayList<>();
            for (TopicReader.Record r : TopicReader.readEvents(SharedHub.get().endpoints().kafka().operator(), EVENTS)) {
                if (publicId.equals(r.key())) {
                    assertThat(r.headers()).containsEntry("ce_subject", publicId).containsEntry("ce_deidpolicy", "safe-harbor")
                            .containsEntry("ce_specversion", "1.0").containsKey("ce_source");
                    mine.add(JSON.readTree(r.value()));
                }
            }
            return mine;
        }, mine -> mine.size() >= 2);
        assertThat(events.stream().map(e -> e.path("type").asText()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("org.careledger.patient.updated.v1", "org.careledger.observation.resulted.v1");
        String all = events.toString();
        assertThat(all).doesNotContain("Fenwick").doesNotContain("Tamsin").doesNotContain(mrn).doesNotContain("1984-09-03");
        assertThat(all).contains("[REDACTED] rested first");
    }

    /** Opens an envelope as the vault seals it: AES-256-GCM, nonce first, its purpose and key id bound in. */
    private static String open(byte[] envelope, String keyId) throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(envelope);
        byte[] nonce = new byte[12];
        buffer.get(nonce);
        byte[] sealed = new byte[buffer.remaining()];
        buffer.get(sealed);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(VAULT_ENVELOPE_KEY, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(("careledger-pseudonym-v1|" + keyId).getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
    }
}
