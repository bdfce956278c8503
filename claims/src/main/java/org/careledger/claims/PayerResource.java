package org.careledger.claims;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.careledger.claims.security.Parties;
import org.careledger.claims.webhook.WebhookTargets;
import org.careledger.contracts.ClaimsDeployment;

/**
 * A payer's webhook subscriptions. {@code POST /payers/{payerId}/subscriptions} with
 * {@code {"url": "https://...", "secret": "..."}} (the secret is generated when absent and shown
 * only in this answer); every settlement of the payer's claims is then delivered there, signed.
 * The payer must be registered and active in the participant registry. Only the payer itself
 * (role {@code payer:<payerId>}) sees and manages its subscriptions.
 */
@Path("/payers/{payerId}/subscriptions")
public class PayerResource {

    private static final String PARTICIPANT = "[A-Za-z0-9._:-]{1,64}";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClaimStore store;
    private final ClaimsService claims;
    private final Parties parties;
    private final WebhookTargets targets;

    public PayerResource(ClaimStore store, ClaimsService claims, Parties parties, WebhookTargets targets) {
        this.store = store;
        this.claims = claims;
        this.parties = parties;
        this.targets = targets;
    }

    /** What a subscription request carries. */
    public record Request(String url, String secret) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    public Response subscribe(@PathParam("payerId") String payerId, Request request) throws Exception {
        if (!payerId.matches(PARTICIPANT)) {
            return Problems.of(400, "Invalid payer id", "payerId: 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
        if (!parties.isPayer(payerId)) {
            return Parties.forbidden("payer:" + payerId);
        }
        if (request == null || request.url() == null) {
            return Problems.of(400, "Invalid subscription", "url: an absolute https URL is required");
        }
        Optional<String> refused = refusal(request.url());
        if (refused.isPresent()) {
            return Problems.of(400, "Invalid subscription", refused.get());
        }
        if (request.secret() != null && request.secret().length() < 16) {
            return Problems.of(400, "Invalid subscription", "secret: at least 16 characters");
        }
        Optional<SettlementContract> chain = claims.chain();
        if (chain.isEmpty()) {
            return Problems.of(409, "Settlement is off", "careledger.claims.settlement-contract is not set");
        }
        if (!chain.get().isActive(payerId, ClaimsDeployment.PAYER)) {
            return Problems.of(404, "Unknown payer", "payerId: not an active payer in the participant registry");
        }
        String secret = request.secret() != null ? request.secret() : "whsec_" + HexFormat.of().formatHex(random(32));
        ClaimStore.Subscription s = store.subscribe("sub-" + UUID.randomUUID(), payerId, request.url(), secret);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subscriptionId", s.subscriptionId());
        body.put("payerId", s.payerId());
        body.put("url", s.url());
        if (request.secret() == null) {
            body.put("secret", secret);
        }
        body.put("signatureHeader", "CareLedger-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.\" + body>");
        return Response.created(URI.create("/payers/" + payerId + "/subscriptions/" + s.subscriptionId()))
                .type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@PathParam("payerId") String payerId) throws Exception {
        if (!parties.isPayer(payerId)) {
            return Parties.forbidden("payer:" + payerId);
        }
        return Response.ok(store.subscriptions(payerId), MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/{subscriptionId}")
    @Produces("application/problem+json")
    public Response unsubscribe(@PathParam("payerId") String payerId, @PathParam("subscriptionId") String subscriptionId)
            throws Exception {
        if (!parties.isPayer(payerId)) {
            return Parties.forbidden("payer:" + payerId);
        }
        return store.unsubscribe(payerId, subscriptionId) ? Response.noContent().build()
                : Problems.of(404, "Unknown subscription", "no active subscription with this id for this payer");
    }

    private Optional<String> refusal(String url) {
        try {
            return targets.refusal(URI.create(url));
        } catch (IllegalArgumentException e) {
            return Optional.of("url: an absolute https URL is required");
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
