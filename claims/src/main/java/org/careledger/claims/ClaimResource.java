package org.careledger.claims;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.careledger.claims.security.Parties;

/**
 * {@code GET /claims/{claimId}}: a claim by its on-chain id (0x and 64 hex digits) or by its
 * pseudonymous identifier, with its status (received, pending-escrow, submitted, settled,
 * partially-settled, denied, rejected), amounts in the token's minor units, the transaction, the
 * anchor that backed it, its status history and its webhook deliveries. Seen by the claim's payer
 * ({@code payer:<payerId>}), its provider ({@code provider:<providerId>}) and {@code admin}.
 */
@Path("/claims")
public class ClaimResource {

    private final ClaimStore store;
    private final Parties parties;

    public ClaimResource(ClaimStore store, Parties parties) {
        this.store = store;
        this.parties = parties;
    }

    @GET
    @Path("/{claimId}")
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    public Response claim(@PathParam("claimId") String claimId) throws Exception {
        if (!claimId.matches("0x[0-9a-fA-F]{64}|[A-Za-z0-9._:-]{1,128}")) {
            return Problems.of(400, "Invalid claim id", "claimId: 0x and 64 hex digits, or a claim identifier");
        }
        String id = claimId.startsWith("0x") ? claimId.toLowerCase(java.util.Locale.ROOT) : claimId;
        return store.find(id).map(c -> parties.isPayer(c.payerId()) || parties.isProvider(c.providerId()) || parties.isAdmin()
                        ? Response.ok(c, MediaType.APPLICATION_JSON).build()
                        : Parties.forbidden("payer:<the claim's payer>, provider:<the claim's provider> or admin"))
                .orElseGet(() -> Problems.of(404, "Unknown claim", "no claim with this id was received"));
    }
}
