package org.careledger.launcher;

import java.io.PrintStream;
import java.util.List;
import java.util.regex.Pattern;

import org.careledger.devstack.DevStack;

/** The roles the apps know, and the ready-to-use tokens {@code ./careledger up} prints for them. */
final class DevTokens {

    private static final Pattern ROLE = Pattern.compile("admin|metrics|(feed|payer|provider):[A-Za-z0-9._:-]{1,64}");

    /** One per kind of caller of the dev stack: its sample feed, an operator, a scraper, its provider. */
    static final List<String> PRINTED = List.of("feed:default", "admin", "metrics", "provider:" + DevStack.DEV_PROVIDER_ID);

    private DevTokens() {
    }

    static boolean isRole(String role) {
        return ROLE.matcher(role).matches();
    }

    /** One line per role: {@code token <role>: <jwt>}, then how to get a payer's. */
    static void print(DevIssuer issuer, PrintStream out) {
        for (String role : PRINTED) {
            out.println("token " + role + ": " + issuer.token(role));
        }
        out.println("(a payer's: ./careledger token --role payer:<payerId>; use as Authorization: Bearer <token>)");
    }
}
