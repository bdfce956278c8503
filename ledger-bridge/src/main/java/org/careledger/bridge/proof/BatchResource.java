package org.careledger.bridge.proof;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /batches} (newest first) and {@code GET /batches/{batchId}}: what was anchored, where, at what cost. */
@Path("/batches")
public class BatchResource {

    static final int MAX_LIMIT = 500;

    private final ProofStore store;

    public BatchResource(ProofStore store) {
        this.store = store;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    public Response batches(@QueryParam("limit") @DefaultValue("50") int limit) throws Exception {
        if (limit < 1 || limit > MAX_LIMIT) {
            return ProofResource.problem(400, "Invalid limit", "limit: 1 to " + MAX_LIMIT);
        }
        return Response.ok(store.batches(limit), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{batchId}")
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    public Response batch(@PathParam("batchId") String batchId) throws Exception {
        if (!batchId.matches("0x[0-9a-fA-F]{64}")) {
            return ProofResource.problem(400, "Invalid batch id", "batchId: 0x and 64 hex digits");
        }
        return store.batch(batchId.toLowerCase(java.util.Locale.ROOT))
                .map(row -> Response.ok(row, MediaType.APPLICATION_JSON).build())
                .orElseGet(() -> ProofResource.problem(404, "Unknown batch", "no anchored batch has this id"));
    }
}
