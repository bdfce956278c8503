package org.careledger.bridge.proof;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.careledger.bridge.chain.AnchorContract;

/** {@code GET /proofs/{eventId}}: a self-contained proof that the event is in an anchored batch. */
@Path("/proofs")
public class ProofResource {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final ProofStore store;
    private final AnchorContract chain;

    public ProofResource(ProofStore store, AnchorContract chain) {
        this.store = store;
        this.chain = chain;
    }

    @GET
    @Path("/{eventId}")
    @Produces({MediaType.APPLICATION_JSON, PROBLEM_JSON})
    public Response proof(@PathParam("eventId") String eventId) throws Exception {
        if (!eventId.matches("[A-Za-z0-9._:-]{1,128}")) {
            return problem(400, "Invalid event id", "eventId: 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
        var row = store.find(eventId);
        if (row.isEmpty()) {
            return problem(404, "Not anchored yet", "no anchored batch contains this event id yet");
        }
        ProofStore.ProofRow p = row.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", p.eventId());
        body.put("eventHash", p.eventHash());
        body.put("leaf", p.leaf());
        body.put("proof", p.proof());
        body.put("root", p.root());
        body.put("batchId", p.batchId());
        body.put("chainId", p.chainId());
        body.put("contract", p.contract());
        body.put("txHash", p.txHash());
        body.put("blockNumber", p.blockNumber());
        body.put("confirmations", Math.max(0, chain.recentHeadBlock() - p.blockNumber() + 1));
        // a claim event's claim leaf proof: what a claims app submits to ClaimSettlement beside the claim
        p.claimLeafProof().ifPresent(proof -> body.put("claimLeafProof", proof));
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    /** RFC 9457 problem details. */
    public static Response problem(int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return Response.status(status).type(PROBLEM_JSON).entity(problem).build();
    }
}
