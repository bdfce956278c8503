package org.careledger.contracts.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ClaimEventReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final ClaimEventReader reader = new ClaimEventReader("USD", 6);

    /** A claim.submitted event as the routes app writes it (a Bundle with Patient and Claim), one line. */
    static ObjectNode event(String amount, String currency) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"specversion":"1.0","id":"ev-1","type":"org.careledger.claim.submitted.v1","subject":"pt-abc",
                 "data":{"resourceType":"Bundle","type":"collection","entry":[
                  {"resource":{"resourceType":"Patient","id":"pt-abc","birthDate":"1972"}},
                  {"resource":{"resourceType":"Claim","identifier":[{"system":"urn:careledger:pseudonym","value":"pt-claim1"}],
                   "created":"2026","insurance":[{"sequence":1,"focal":true,"coverage":{"display":"BAV"}}],
                   "insurer":{"identifier":{"value":"PAYER-BCBS"}},
                   "provider":{"identifier":{"system":"urn:careledger:participant","value":"STMARYS"}},
                   "item":[{"sequence":1,"productOrService":{"coding":[{"code":"99223"}]},"servicedDate":"2026",
                            "net":{"value":%s,"currency":"%s"}}]}}]}}
                """.formatted(amount, currency));
    }

    private static byte[] bytes(ObjectNode event) throws Exception {
        return JSON.writeValueAsBytes(event);
    }

    @Test
    void aClaimEventBecomesIdsAndMinorUnits() throws Exception {
        ClaimSubmission s = reader.read(bytes(event("250.5", "USD"))).orElseThrow();
        assertThat(s.lines()).containsExactly(new ClaimSubmission.Line("99223", BigInteger.valueOf(250_500_000)));
        assertThat(s).extracting(ClaimSubmission::member, ClaimSubmission::providerId, ClaimSubmission::payerId,
                ClaimSubmission::planCode, ClaimSubmission::policyKey).containsExactly("pt-abc", "STMARYS", "PAYER-BCBS", "BAV",
                "PAYER-BCBS/BAV");
        assertThat(s.serviceDay()).as("a Safe Harbor year is read as its 1 January").isEqualTo(LocalDate.of(2026, 1, 1).toEpochDay());
        assertThat(s.claimId()).isEqualTo(ClaimSubmission.hashId("pt-claim1")).hasSize(66);
        assertThat(s.claimType()).as("without Claim.type").isEqualTo("institutional");
    }

    @Test
    void aFhirClaimNamesItsPlanByTheCoverageIdentifier() throws Exception {
        ObjectNode event = event("12.5", "USD");
        ObjectNode coverage = (ObjectNode) event.at("/data/entry/1/resource/insurance/0/coverage");
        coverage.remove("display");
        coverage.putObject("identifier").put("system", "urn:payer:plans").put("value", "GOLD-PPO");
        assertThat(reader.read(bytes(event)).orElseThrow().policyKey()).isEqualTo("PAYER-BCBS/GOLD-PPO");
        coverage.remove("identifier");
        assertThatThrownBy(() -> reader.read(bytes(event))).hasMessage("Claim.insurance.coverage: required");
    }

    @Test
    void otherEventTypesAreNotClaims() throws Exception {
        ObjectNode event = event("1", "USD");
        event.put("type", "org.careledger.coverage.updated.v1");
        assertThat(reader.read(bytes(event))).isEmpty();
    }

    @Test
    void aNegativeAmountIsRefused() throws Exception {
        assertThatThrownBy(() -> reader.read(bytes(event("-90.00", "USD")))).isInstanceOf(InvalidClaim.class)
                .hasMessage("Claim.item.net.value: negative")
                .satisfies(e -> assertThat(((InvalidClaim) e).reason()).isEqualTo("claim-invalid-amount"));
    }

    @Test
    void aZeroAmountIsLeftToTheContractToDeny() throws Exception {
        assertThat(reader.read(bytes(event("0.00", "USD"))).orElseThrow().lines().get(0).billed()).isZero();
    }

    @Test
    void anAmountAboveUint128IsRefused() throws Exception {
        String justFits = new BigInteger("340282366920938463463374607431768211455").toString(); // 2^128-1 minor units
        assertThat(reader.read(bytes(event(new java.math.BigDecimal(new BigInteger(justFits), 6).toPlainString(), "USD")))
                .orElseThrow().billed()).isEqualTo(new BigInteger(justFits));
        assertThatThrownBy(() -> reader.read(bytes(event("340282366920938463463374607431768.211456", "USD"))))
                .hasMessage("Claim.item.net.value: above 2^128-1 minor units");
        assertThatThrownBy(() -> reader.read(bytes(event("1e40", "USD")))).hasMessage("Claim.item.net.value: above 2^128-1 minor units");
    }

    @Test
    void moreDecimalPlacesThanTheTokenAreRefusedNotRounded() throws Exception {
        assertThatThrownBy(() -> reader.read(bytes(event("10.0000001", "USD"))))
                .hasMessage("Claim.item.net.value: more than 6 decimal places");
    }

    @Test
    void anotherCurrencyIsRefused() throws Exception {
        assertThatThrownBy(() -> reader.read(bytes(event("10", "EUR")))).isInstanceOf(InvalidClaim.class)
                .satisfies(e -> assertThat(((InvalidClaim) e).reason()).isEqualTo("claim-wrong-currency"));
    }

    @Test
    void aClaimWithoutPayerProviderOrLinesIsRefusedNamingTheField() throws Exception {
        ObjectNode noPayer = event("1", "USD");
        ((ObjectNode) noPayer.at("/data/entry/1/resource")).remove("insurer");
        assertThatThrownBy(() -> reader.read(bytes(noPayer))).hasMessage("Claim.insurer.identifier: required");
        ObjectNode noProvider = event("1", "USD");
        ((ObjectNode) noProvider.at("/data/entry/1/resource")).remove("provider");
        assertThatThrownBy(() -> reader.read(bytes(noProvider))).hasMessage("Claim.provider.identifier: required");
        ObjectNode noLines = event("1", "USD");
        ((ObjectNode) noLines.at("/data/entry/1/resource")).putArray("item");
        assertThatThrownBy(() -> reader.read(bytes(noLines))).hasMessage("Claim.item: at least one line");
    }

    @Test
    void moreLinesThanTheContractTakesAreRefused() throws Exception {
        ObjectNode many = event("1", "USD");
        var items = (com.fasterxml.jackson.databind.node.ArrayNode) many.at("/data/entry/1/resource/item");
        for (int i = 0; i < ClaimEventReader.MAX_LINES; i++) {
            items.add(items.get(0).deepCopy());
        }
        assertThatThrownBy(() -> reader.read(bytes(many))).hasMessage("Claim.item: at most 50 lines");
    }

    @Test
    void refusalsNeverCarryTheValue() throws Exception {
        assertThatThrownBy(() -> reader.read(bytes(event("-123456.78", "USD")))).message().doesNotContain("123456");
        assertThatThrownBy(() -> reader.read("not json".getBytes(StandardCharsets.UTF_8))).hasMessage("event: not JSON");
    }
}
