package org.careledger.claims;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The settlement a payer receives, on Kafka and by webhook: a CloudEvent
 * ({@code org.careledger.claim.settled.v1}) whose data is a FHIR R4 Bundle of a {@code ClaimResponse}
 * and an {@code ExplanationOfBenefit} summary. Each line carries what was billed, what was paid and,
 * when not paid in full, the contract's reason; the settlement names the transaction that paid it
 * and the anchored event (batch id, event hash) that backed it.
 */
public final class ClaimResponses {

    public static final String TYPE = "org.careledger.claim.settled.v1";
    static final String ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication";
    static final String OUTCOME_SYSTEM = "urn:careledger:adjudication-outcome";
    static final String ANCHOR_EXTENSION = "https://careledger.org/fhir/StructureDefinition/settlement-anchor";
    /** The contract's line outcomes, by their number there. */
    static final List<String> OUTCOMES = List.of("paid", "paid-reduced", "code-not-covered", "zero-amount", "member-not-covered",
            "coverage-not-in-force", "cap-reached");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long chainId;
    private final String settlementContract;
    private final int decimals;

    public ClaimResponses(long chainId, String settlementContract, int decimals) {
        this.chainId = chainId;
        this.settlementContract = settlementContract;
        this.decimals = decimals;
    }

    public byte[] build(ClaimStore.ClaimView claim, ClaimStore.Settlement s, Instant at) {
        String responseId = "cr-" + claim.claimId().substring(2, 34);
        ObjectNode response = JSON.createObjectNode();
        response.put("resourceType", "ClaimResponse");
        response.put("id", responseId);
        response.putArray("identifier").addObject().put("system", "urn:careledger:claim-id").put("value", claim.claimId());
        common(response, claim, at);
        response.putObject("requestor").putObject("identifier").put("system", "urn:careledger:participant").put("value", claim.providerId());
        response.putObject("request").putObject("identifier").put("system", "urn:careledger:pseudonym").put("value", claim.claimKey());
        outcome(response, s);
        ArrayNode items = response.putArray("item");
        for (int i = 0; i < claim.lines().size(); i++) {
            ObjectNode item = items.addObject();
            item.put("itemSequence", i + 1);
            adjudication(item.putArray("adjudication"), claim, s, i);
        }
        totals(response, claim, s);
        payment(response, s, at);
        anchor(response, claim, s);

        ObjectNode eob = JSON.createObjectNode();
        eob.put("resourceType", "ExplanationOfBenefit");
        eob.put("id", "eob-" + claim.claimId().substring(2, 34));
        common(eob, claim, at);
        eob.putObject("provider").putObject("identifier").put("system", "urn:careledger:participant").put("value", claim.providerId());
        eob.putObject("claim").putObject("identifier").put("system", "urn:careledger:pseudonym").put("value", claim.claimKey());
        eob.putObject("claimResponse").put("reference", "ClaimResponse/" + responseId);
        outcome(eob, s);
        ObjectNode insurance = eob.putArray("insurance").addObject();
        insurance.put("focal", true);
        insurance.putObject("coverage").put("display", claim.planCode());
        ArrayNode eobItems = eob.putArray("item");
        for (int i = 0; i < claim.lines().size(); i++) {
            ObjectNode item = eobItems.addObject();
            item.put("sequence", i + 1);
            item.putObject("productOrService").putArray("coding").addObject().put("code", claim.lines().get(i).path("code").asText());
            money(item.putObject("net"), billed(claim, i), claim.currency());
            adjudication(item.putArray("adjudication"), claim, s, i);
        }
        totals(eob, claim, s);
        payment(eob, s, at);

        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.nameUUIDFromBytes((claim.claimId() + ":" + s.txHash()).getBytes(StandardCharsets.UTF_8)).toString());
        event.put("source", "urn:careledger:ledger-bridge:settlement:" + chainId + ":" + settlementContract);
        event.put("type", TYPE);
        event.put("subject", claim.member());
        event.put("time", at.toString());
        event.put("datacontenttype", "application/fhir+json");
        ObjectNode bundle = event.putObject("data");
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        ArrayNode entries = bundle.putArray("entry");
        entries.addObject().set("resource", response);
        entries.addObject().set("resource", eob);
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void common(ObjectNode resource, ClaimStore.ClaimView claim, Instant at) {
        resource.put("status", "active");
        resource.putObject("type").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/claim-type").put("code", claim.claimType());
        resource.put("use", "claim");
        resource.putObject("patient").put("reference", "Patient/" + claim.member());
        resource.put("created", at.toString());
        resource.putObject("insurer").putObject("identifier").put("system", "urn:careledger:participant").put("value", claim.payerId());
    }

    private static void outcome(ObjectNode resource, ClaimStore.Settlement s) {
        resource.put("outcome", ClaimStore.PARTIALLY_SETTLED.equals(s.status()) ? "partial" : "complete");
        resource.put("disposition", switch (s.status()) {
            case ClaimStore.SETTLED -> "settled in full";
            case ClaimStore.PARTIALLY_SETTLED -> "settled in part";
            default -> "denied";
        });
    }

    private void adjudication(ArrayNode adjudication, ClaimStore.ClaimView claim, ClaimStore.Settlement s, int line) {
        ObjectNode submitted = adjudication.addObject();
        category(submitted, "submitted");
        money(submitted.putObject("amount"), billed(claim, line), claim.currency());
        ObjectNode benefit = adjudication.addObject();
        category(benefit, "benefit");
        money(benefit.putObject("amount"), s.linePaid().get(line), claim.currency());
        int outcome = s.lineOutcomes().get(line);
        if (outcome != 0) {
            benefit.putObject("reason").putArray("coding").addObject().put("system", OUTCOME_SYSTEM)
                    .put("code", outcome < OUTCOMES.size() ? OUTCOMES.get(outcome) : "outcome-" + outcome);
        }
    }

    private void totals(ObjectNode resource, ClaimStore.ClaimView claim, ClaimStore.Settlement s) {
        ArrayNode total = resource.putArray("total");
        ObjectNode submitted = total.addObject();
        category(submitted, "submitted");
        money(submitted.putObject("amount"), new BigInteger(claim.billed()), claim.currency());
        ObjectNode benefit = total.addObject();
        category(benefit, "benefit");
        money(benefit.putObject("amount"), s.paid(), claim.currency());
    }

    private void payment(ObjectNode resource, ClaimStore.Settlement s, Instant at) {
        if (s.paid().signum() == 0) {
            return;
        }
        ObjectNode payment = resource.putObject("payment");
        payment.putObject("type").putArray("coding").addObject().put("system", "http://terminology.hl7.org/CodeSystem/ex-paymenttype")
                .put("code", ClaimStore.SETTLED.equals(s.status()) ? "complete" : "partial");
        payment.put("date", at.atOffset(ZoneOffset.UTC).toLocalDate().toString());
        money(payment.putObject("amount"), s.paid(), currencyOf(resource));
        payment.putObject("identifier").put("system", "urn:careledger:chain:" + chainId + ":tx").put("value", s.txHash());
    }

    private static void anchor(ObjectNode resource, ClaimStore.ClaimView claim, ClaimStore.Settlement s) {
        ObjectNode extension = resource.putArray("extension").addObject();
        extension.put("url", ANCHOR_EXTENSION);
        ArrayNode parts = extension.putArray("extension");
        parts.addObject().put("url", "claimEvent").put("valueString", claim.eventId());
        parts.addObject().put("url", "batchId").put("valueString", s.anchorBatchId());
        parts.addObject().put("url", "eventHash").put("valueString", s.eventHash());
        parts.addObject().put("url", "transaction").put("valueString", s.txHash());
        parts.addObject().put("url", "block").put("valueString", Long.toString(s.blockNumber()));
    }

    private static String currencyOf(ObjectNode resource) {
        return resource.path("total").path(0).path("amount").path("currency").asText();
    }

    private static void category(ObjectNode adjudication, String code) {
        adjudication.putObject("category").putArray("coding").addObject().put("system", ADJUDICATION).put("code", code);
    }

    private void money(ObjectNode money, BigInteger minorUnits, String currency) {
        money.put("value", new BigDecimal(minorUnits, decimals));
        money.put("currency", currency);
    }

    private static BigInteger billed(ClaimStore.ClaimView claim, int line) {
        JsonNode l = claim.lines().get(line);
        return new BigInteger(l.path("billed").asText());
    }
}
