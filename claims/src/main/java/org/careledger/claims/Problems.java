package org.careledger.claims;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details, as every CareLedger app answers a refused request. */
public final class Problems {

    public static final String JSON = "application/problem+json";

    private Problems() {
    }

    public static Response of(int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return Response.status(status).type(JSON).entity(problem).build();
    }
}
