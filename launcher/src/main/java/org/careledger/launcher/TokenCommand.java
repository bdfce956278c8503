package org.careledger.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code ./careledger token --role ROLE [--role ROLE]... [--ttl-hours N]}: one dev token on standard output. */
final class TokenCommand {

    private static final String USAGE = "usage: ./careledger token --role ROLE [--role ROLE]... [--ttl-hours N]\n"
            + "  roles: feed:<feedId>, admin, metrics, payer:<payerId>, provider:<providerId>\n";

    private TokenCommand() {
    }

    static int run(String[] args, Path issuerDir, PrintStream out, PrintStream err) {
        List<String> roles = new ArrayList<>();
        long hours = 12;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--role" -> roles.add(args[++i]);
                    case "--ttl-hours" -> hours = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            err.print(USAGE);
            return 2;
        }
        if (roles.isEmpty() || hours <= 0 || roles.stream().anyMatch(r -> !DevTokens.isRole(r))) {
            err.print(USAGE);
            return 2;
        }
        try {
            out.println(DevIssuer.loadOrCreate(issuerDir).token(roles, Duration.ofHours(hours)));
            return 0;
        } catch (Exception e) {
            err.println("could not issue a token: " + e.getMessage());
            return 2;
        }
    }
}
