package org.careledger.claims.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Response;
import org.careledger.claims.Problems;

/**
 * Who the caller acts for. Roles name a party: {@code payer:<payerId>}, {@code provider:<providerId>},
 * and {@code admin} for operators. A party sees only what is its own; the HTTP permissions in
 * application.properties have already refused callers without a valid token (401).
 */
@RequestScoped
public class Parties {

    private final SecurityIdentity caller;

    public Parties(SecurityIdentity caller) {
        this.caller = caller;
    }

    public boolean isPayer(String payerId) {
        return caller.hasRole("payer:" + payerId);
    }

    public boolean isProvider(String providerId) {
        return caller.hasRole("provider:" + providerId);
    }

    public boolean isAdmin() {
        return caller.hasRole("admin");
    }

    /** 403 as problem JSON, naming the role that would have been needed. */
    public static Response forbidden(String needed) {
        return Problems.of(403, "Forbidden", "this needs the role " + needed);
    }
}
