package org.careledger.contracts.claims;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a {@code org.careledger.claim.submitted.v1} CloudEvent (its FHIR {@code Claim}) into what
 * the contract settles. Amounts are FHIR Money decimals with a currency; they become the token's
 * minor units exactly, or the claim is refused: a negative amount, more decimal places than the
 * token has, more than a {@code uint128} or another currency never reach the chain. A zero line is
 * valid here and denied by the contract ({@code ZERO_AMOUNT}).
 */
public final class ClaimEventReader {

    public static final String TYPE = "org.careledger.claim.submitted.v1";
    static final int MAX_LINES = 50;
    private static final BigInteger UINT128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    // amounts are read as written: a double would round a large amount before it could be refused
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final String currency;
    private final int decimals;

    public ClaimEventReader(String currency, int decimals) {
        this.currency = currency;
        this.decimals = decimals;
    }

    /** Empty for events of other types (the claim topic may carry more than submissions). */
    public Optional<ClaimSubmission> read(byte[] cloudEvent) throws InvalidClaim {
        JsonNode event;
        try {
            event = JSON.readTree(cloudEvent);
        } catch (IOException e) {
            throw new InvalidClaim("claim-invalid", "event: not JSON");
        }
        if (event == null || !TYPE.equals(event.path("type").asText())) {
            return Optional.empty();
        }
        String eventId = required(event.path("id"), "id");
        String member = required(event.path("subject"), "subject");
        JsonNode claim = claimOf(event.path("data"));
        String claimKey = required(claim.path("identifier").path(0).path("value"), "Claim.identifier");
        String provider = required(claim.path("provider").path("identifier").path("value"), "Claim.provider.identifier");
        String payer = required(claim.path("insurer").path("identifier").path("value"), "Claim.insurer.identifier");
        // HL7 claims name the plan (IN1-2) as the coverage's display; FHIR claims may give its identifier instead
        JsonNode coverage = focalInsurance(claim).path("coverage");
        String plan = required(coverage.has("display") ? coverage.path("display") : coverage.path("identifier").path("value"),
                "Claim.insurance.coverage");
        JsonNode items = claim.path("item");
        if (!items.isArray() || items.isEmpty()) {
            throw new InvalidClaim("claim-invalid", "Claim.item: at least one line");
        }
        if (items.size() > MAX_LINES) {
            throw new InvalidClaim("claim-invalid", "Claim.item: at most " + MAX_LINES + " lines");
        }
        List<ClaimSubmission.Line> lines = new ArrayList<>();
        for (JsonNode item : items) {
            String code = required(item.path("productOrService").path("coding").path(0).path("code"),
                    "Claim.item.productOrService.coding.code");
            lines.add(new ClaimSubmission.Line(code, minorUnits(item.has("net") ? item.path("net") : item.path("unitPrice"))));
        }
        String type = claim.path("type").path("coding").path(0).path("code").asText("");
        return Optional.of(new ClaimSubmission(eventId, claimKey, member, provider, payer, plan, serviceDay(claim, items),
                currency, type.isEmpty() ? "institutional" : type, lines));
    }

    private static JsonNode claimOf(JsonNode data) throws InvalidClaim {
        if ("Claim".equals(data.path("resourceType").asText())) {
            return data;
        }
        for (JsonNode entry : data.path("entry")) {
            if ("Claim".equals(entry.path("resource").path("resourceType").asText())) {
                return entry.path("resource");
            }
        }
        throw new InvalidClaim("claim-invalid", "data: no Claim resource");
    }

    private static JsonNode focalInsurance(JsonNode claim) {
        for (JsonNode insurance : claim.path("insurance")) {
            if (insurance.path("focal").asBoolean(false)) {
                return insurance;
            }
        }
        return claim.path("insurance").path(0);
    }

    /** Money in the token's minor units, exactly. */
    BigInteger minorUnits(JsonNode money) throws InvalidClaim {
        JsonNode value = money.path("value");
        if (!value.isNumber() && !value.isTextual()) {
            throw new InvalidClaim("claim-invalid-amount", "Claim.item.net.value: required");
        }
        if (!currency.equals(money.path("currency").asText())) {
            throw new InvalidClaim("claim-wrong-currency", "Claim.item.net.currency: must be the settlement currency " + currency);
        }
        BigDecimal amount;
        try {
            amount = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            throw new InvalidClaim("claim-invalid-amount", "Claim.item.net.value: not a decimal");
        }
        if (amount.signum() < 0) {
            throw new InvalidClaim("claim-invalid-amount", "Claim.item.net.value: negative");
        }
        BigDecimal scaled = amount.movePointRight(decimals).stripTrailingZeros();
        if (scaled.scale() > 0) {
            throw new InvalidClaim("claim-invalid-amount", "Claim.item.net.value: more than " + decimals + " decimal places");
        }
        BigInteger minor = scaled.toBigIntegerExact();
        if (minor.compareTo(UINT128_MAX) > 0) {
            throw new InvalidClaim("claim-invalid-amount", "Claim.item.net.value: above 2^128-1 minor units");
        }
        return minor;
    }

    /**
     * The service date in unix days. Safe Harbor leaves a year only; a year is read as its first day,
     * so a payer's coverage must include 1 January of the year to cover claims from it.
     */
    private static long serviceDay(JsonNode claim, JsonNode items) throws InvalidClaim {
        String date = items.path(0).path("servicedDate").asText(claim.path("created").asText(""));
        if (date.isEmpty()) {
            date = claim.path("created").asText("");
        }
        try {
            if (date.matches("\\d{4}")) {
                return LocalDate.of(Integer.parseInt(date), 1, 1).toEpochDay();
            }
            if (date.matches("\\d{4}-\\d{2}")) {
                return LocalDate.parse(date + "-01").toEpochDay();
            }
            return LocalDate.parse(date.length() >= 10 ? date.substring(0, 10) : date).toEpochDay();
        } catch (RuntimeException e) {
            throw new InvalidClaim("claim-invalid", "Claim.item.servicedDate: a FHIR date is required");
        }
    }

    private static String required(JsonNode node, String field) throws InvalidClaim {
        String text = node.isValueNode() ? node.asText().trim() : "";
        if (text.isEmpty()) {
            throw new InvalidClaim("claim-invalid", field + ": required");
        }
        return text;
    }
}
