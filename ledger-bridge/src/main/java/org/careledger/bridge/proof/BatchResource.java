package org.careledger.bridge.proof;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /batches} (newest first) and {@code GET /batches/{batchId}} (with its status history): status
 * (pending, sent, confirmed, reorged, failed), transaction, block and gas.
 */
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
        String id = batchId.toLowerCase(java.util.Locale.ROOT);
        var row = store.batch(id);
        if (row.isEmpty()) {
            return ProofResource.problem(404, "Unknown batch", "no stored batch has this id");
        }
        return Response.ok(new BatchDetail(row.get(), store.history(id)), MediaType.APPLICATION_JSON).build();
    }

    /** A batch with how its status changed. */
    public record BatchDetail(@com.fasterxml.jackson.annotation.JsonUnwrapped ProofStore.BatchRow batch,
                              java.util.List<ProofStore.StatusChange> history) {
    }
}
