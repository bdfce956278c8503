package org.careledger.mappings.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.careledger.mappings.MappingHarness;
import org.careledger.mappings.engine.InvalidMappingException;
import org.junit.jupiter.api.Test;

/** Each method a policy can name, and the tag it leaves in meta.security. */
class DeidMethodsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DeidPolicy policy(String yaml) throws Exception {
        return DeidPolicy.read("test.yml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static ObjectNode apply(DeidPolicy policy, String resource, String publicId, List<String> known) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(resource);
        Deidentifier deid = new Deidentifier(policy, MappingHarness.NOV_2026, MappingHarness.KEYS);
        deid.apply(node, Set.of(), new DeidContext(publicId, deid.scrubber(known), MappingHarness::stablePseudonym));
        return node;
    }

    private static List<String> tags(ObjectNode resource) {
        return resource.path("meta").path("security").findValuesAsText("code");
    }

    @Test
    void dateShiftMovesEveryDateOfOnePatientByTheSameDaysWithinTheRange() throws Exception {
        DeidPolicy p = policy("name: t\nversion: 1\ndateShiftRangeDays: 30\nrules: { Encounter.period: dateShift }\n");
        String encounter = "{\"resourceType\":\"Encounter\",\"period\":{\"start\":\"2026-03-01T10:00:00Z\",\"end\":\"2026-03-09\"}}";
        ObjectNode a = apply(p, encounter, "pt-a", List.of());
        ObjectNode again = apply(p, encounter, "pt-a", List.of());
        long startShift = ChronoUnit.DAYS.between(LocalDate.parse("2026-03-01"), LocalDate.parse(a.at("/period/start").asText()));
        long endShift = ChronoUnit.DAYS.between(LocalDate.parse("2026-03-09"), LocalDate.parse(a.at("/period/end").asText()));
        assertThat(startShift).isEqualTo(endShift).isBetween(-30L, 30L);
        assertThat(again).isEqualTo(a);
        assertThat(tags(a)).containsExactly("PERTURBED");
        boolean anotherPatientShiftsDifferently = false;
        for (int i = 0; i < 5 && !anotherPatientShiftsDifferently; i++) {
            anotherPatientShiftsDifferently = !apply(p, encounter, "pt-other-" + i, List.of()).equals(a);
        }
        assertThat(anotherPatientShiftsDifferently).isTrue();
    }

    @Test
    void cryptoHashIsKeyedHmacNotAPlainHash() throws Exception {
        DeidPolicy p = policy("name: t\nversion: 1\nrules: { Account.identifier: cryptoHash }\n");
        ObjectNode account = apply(p, "{\"resourceType\":\"Account\",\"identifier\":[{\"value\":\"ACCT-1\"}]}", "pt-a", List.of());
        String hashed = account.at("/identifier/0/value").asText();
        assertThat(hashed).hasSize(64).isNotEqualTo(sha256Hex("ACCT-1"));
        assertThat(tags(account)).containsExactly("CRYTOHASH");
    }

    @Test
    void encryptIsReversibleOnlyWithTheKey() throws Exception {
        DeidPolicy p = policy("name: t\nversion: 1\nrules: { Account.name: encrypt }\n");
        ObjectNode account = apply(p, "{\"resourceType\":\"Account\",\"name\":\"Ward 7 account\"}", "pt-a", List.of());
        byte[] sealed = Base64.getDecoder().decode(account.path("name").asText());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        byte[] iv = new byte[12];
        buffer.get(iv);
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(MappingHarness.KEYS.encryptionKey(), "AES"), new GCMParameterSpec(128, iv));
        byte[] body = new byte[buffer.remaining()];
        buffer.get(body);
        assertThat(new String(cipher.doFinal(body), StandardCharsets.UTF_8)).isEqualTo("Ward 7 account");
        assertThat(tags(account)).containsExactly("MASKED");
    }

    @Test
    void substituteReplacesTheElementWithTheConfiguredValue() throws Exception {
        DeidPolicy p = policy("name: t\nversion: 1\nrules:\n  Patient.name: { method: substitute, value: [{ text: anonymous }] }\n");
        ObjectNode patient = apply(p, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Zebulon\"}]}", "pt-a", List.of());
        assertThat(patient.at("/name/0/text").asText()).isEqualTo("anonymous");
        assertThat(patient.toString()).doesNotContain("Zebulon");
        assertThat(tags(patient)).containsExactly("MASKED");
    }

    @Test
    void pseudonymizeReplacesIdentifiersAndPatientReferencesFromTheVault() throws Exception {
        DeidPolicy p = policy("name: t\nversion: 1\nrules: { Coverage.identifier: pseudonymize, Coverage.beneficiary: pseudonymize }\n");
        ObjectNode coverage = apply(p, "{\"resourceType\":\"Coverage\",\"identifier\":[{\"system\":\"urn:x\",\"value\":\"MEM-1\"}],"
                + "\"beneficiary\":{\"reference\":\"Patient/123\",\"display\":\"Zebulon\"}}", "pt-a", List.of());
        assertThat(coverage.at("/identifier/0/value").asText()).isEqualTo(MappingHarness.stablePseudonym("urn:x", "MEM-1"));
        assertThat(coverage.at("/beneficiary/reference").asText()).isEqualTo("Patient/pt-a");
        assertThat(coverage.toString()).doesNotContain("Zebulon").doesNotContain("MEM-1");
        assertThat(tags(coverage)).containsExactly("PSEUDED");
    }

    @Test
    void ageOverEightyNineBecomesAtLeastNinety() throws Exception {
        DeidPolicy p = policy("name: t\nversion: 1\nrules: { Observation.valueQuantity: age, Observation.code: keep }\n");
        ObjectNode old = apply(p, "{\"resourceType\":\"Observation\",\"valueQuantity\":{\"value\":93,\"unit\":\"a\"}}", "pt-a", List.of());
        assertThat(old.at("/valueQuantity/value").asInt()).isEqualTo(90);
        assertThat(old.at("/valueQuantity/comparator").asText()).isEqualTo(">=");
        assertThat(tags(old)).containsExactly("ABSTRED");
        ObjectNode young = apply(p, "{\"resourceType\":\"Observation\",\"valueQuantity\":{\"value\":41,\"unit\":\"a\"}}", "pt-a", List.of());
        assertThat(young.at("/valueQuantity/value").asInt()).isEqualTo(41);
        assertThat(tags(young)).isEmpty();
    }

    @Test
    void keepStillRemovesTheMessagesOwnIdentifiersFromCodedValues() throws Exception {
        DeidPolicy p = policy("name: t\nversion: 1\nrules: { Coverage.type: keep }\n");
        ObjectNode coverage = apply(p, "{\"resourceType\":\"Coverage\",\"type\":{\"coding\":[{\"code\":\"ZEBULON\"}]}}", "pt-a", List.of("Zebulon"));
        assertThat(coverage.toString()).doesNotContainIgnoringCase("zebulon");
        assertThat(tags(coverage)).containsExactly("REDACTED");
    }

    @Test
    void aBrokenPolicyFileIsRefusedWithTheLineAndReason() {
        assertThatThrownBy(() -> policy("name: t\nversion: 1\nrules:\n  Patient.name: scramble\n"))
                .isInstanceOf(InvalidMappingException.class).hasMessageStartingWith("test.yml:4: rules.Patient.name: unknown method 'scramble'");
        assertThatThrownBy(() -> policy("name: t\nversion: 1\nrulez: {}\n"))
                .isInstanceOf(InvalidMappingException.class).hasMessage("test.yml:3: unknown key 'rulez'");
        assertThatThrownBy(() -> policy("name: t\nversion: 1\nrules: {}\nfreeTextPatterns:\n  bad: '(['\n"))
                .isInstanceOf(InvalidMappingException.class).hasMessageStartingWith("test.yml:5: freeTextPatterns.bad: not a regular expression");
        assertThatThrownBy(() -> policy("name: t\nversion: 1\nrules:\n  Patient.name: { method: substitute }\n"))
                .isInstanceOf(InvalidMappingException.class).hasMessage("test.yml:4: rules.Patient.name: substitute needs a value");
    }

    @Test
    void theDefaultPolicyIsSafeHarborWithEveryMethodNameValid() {
        DeidPolicy safeHarbor = DeidPolicy.safeHarbor();
        assertThat(safeHarbor.name()).isEqualTo("safe-harbor");
        assertThat(safeHarbor.rules()).isNotEmpty();
        assertThat(safeHarbor.freeTextPatterns()).containsKeys("ssn", "phone", "email", "url", "ipv4", "date-numeric", "date-iso");
        assertThat(Map.copyOf(safeHarbor.rules()).get("Patient.name")).as("names have no rule, so they are removed").isNull();
    }

    private static String sha256Hex(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
