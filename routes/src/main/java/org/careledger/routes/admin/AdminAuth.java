package org.careledger.routes.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer-token check for the /admin endpoints. Without a configured token every admin request is
 * refused: an operations endpoint is never open by default.
 */
@ApplicationScoped
@Named("adminAuth")
public class AdminAuth {

    private final Optional<byte[]> token;

    public AdminAuth(@ConfigProperty(name = "careledger.admin.token") Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    public boolean authorised(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (token.isEmpty() || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token.get(), header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    public void refuse(Exchange exchange) {
        Problems.write(exchange, 401, "Unauthorized", "a valid bearer token is required");
        exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"careledger-admin\"");
    }
}
