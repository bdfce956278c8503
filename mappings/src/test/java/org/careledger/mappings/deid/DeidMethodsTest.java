package org.careledger.mappings.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.careledger.crypto.KeyRing;
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
        assertThat(hashed).startsWith("k1:").hasSize(3 + 64).doesNotContain(sha256Hex("ACCT-1"));
        assertThat(tags(account)).containsExactly("CRYTOHASH");
    }

    @Test
    void encryptIsReversibleOnlyWithTheKey() throws Exception {
        DeidPolicy p = policy("name: t\nversion: 1\nrules: { Account.name: encrypt }\n");
        ObjectNode account = apply(p, "{\"resourceType\":\"Account\",\"name\":\"Ward 7 account\"}", "pt-a", List.of());
        String sealed = account.path("name").asText();
        assertThat(sealed).startsWith("k1:").doesNotContain("Ward");
        assertThat(MappingHarness.KEYS.open(sealed)).isEqualTo("Ward 7 account");
        DeidKeys otherKey = new DeidKeys(KeyRing.of("k1", new byte[32]), KeyRing.of("k1", filled(7)));
        assertThatThrownBy(() -> otherKey.open(sealed)).isInstanceOf(GeneralSecurityException.class);
        assertThat(tags(account)).containsExactly("MASKED");
    }

    @Test
    void anEncryptedElementSealedUnderARetiredKeyStillOpensAndNewOnesUseTheCurrentKey() throws Exception {
        DeidPolicy p = policy("name: t\nversion: 1\nrules: { Account.name: encrypt }\n");
        String underKey1 = apply(p, "{\"resourceType\":\"Account\",\"name\":\"Ward 7 account\"}", "pt-a", List.of()).path("name").asText();
        DeidKeys rotated = new DeidKeys(KeyRing.of("k1", new byte[32]), KeyRing.of("k2", filled(2), Map.of("k1", new byte[32])));

        ObjectNode account = (ObjectNode) JSON.readTree("{\"resourceType\":\"Account\",\"name\":\"Ward 8 account\"}");
        Deidentifier deid = new Deidentifier(p, MappingHarness.NOV_2026, rotated);
        deid.apply(account, Set.of(), new DeidContext("pt-a", deid.scrubber(List.of()), MappingHarness::stablePseudonym));
        String underKey2 = account.path("name").asText();

        assertThat(rotated.open(underKey1)).isEqualTo("Ward 7 account");
        assertThat(underKey2).startsWith("k2:");
        assertThat(rotated.open(underKey2)).isEqualTo("Ward 8 account");
        DeidKeys key1Dropped = new DeidKeys(KeyRing.of("k1", new byte[32]), KeyRing.of("k2", filled(2)));
        assertThatThrownBy(() -> key1Dropped.open(underKey1)).isInstanceOf(GeneralSecurityException.class).hasMessageContaining("k1");
    }

    @Test
    void aRotatedHashKeyHashesUnderTheNewIdSoValuesOfTwoEpochsAreNeverMistakenForOne() throws Exception {
        DeidPolicy p = policy("name: t\nversion: 1\nrules: { Account.identifier: cryptoHash }\n");
        String account = "{\"resourceType\":\"Account\",\"identifier\":[{\"value\":\"ACCT-1\"}]}";
        String underKey1 = apply(p, account, "pt-a", List.of()).at("/identifier/0/value").asText();
        ObjectNode node = (ObjectNode) JSON.readTree(account);
        Deidentifier deid = new Deidentifier(p, MappingHarness.NOV_2026,
                new DeidKeys(KeyRing.of("k2", filled(2), Map.of("k1", new byte[32])), KeyRing.of("k1", new byte[32])));
        deid.apply(node, Set.of(), new DeidContext("pt-a", deid.scrubber(List.of()), MappingHarness::stablePseudonym));
        String underKey2 = node.at("/identifier/0/value").asText();

        assertThat(underKey1).startsWith("k1:");
        assertThat(underKey2).startsWith("k2:");
        assertThat(underKey2.substring(3)).isNotEqualTo(underKey1.substring(3));
    }

    @Test
    void aValueThatIsNotAnEncryptedElementIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> MappingHarness.KEYS.open("Ward 7 account"))
                .isInstanceOf(GeneralSecurityException.class).hasMessageNotContaining("Ward");
        assertThatThrownBy(() -> MappingHarness.KEYS.open("k1:not base64!"))
                .isInstanceOf(GeneralSecurityException.class).hasMessageNotContaining("not base64!");
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) value);
        return key;
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
