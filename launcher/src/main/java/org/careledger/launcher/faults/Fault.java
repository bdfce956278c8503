package org.careledger.launcher.faults;

import java.util.Locale;

/** The faults the suite injects, one at a time, with recovery in between. */
public enum Fault {
    LEADER_KILL("SIGKILL of the leader of the raw topic's partition"),
    FOLLOWER_KILL("SIGKILL of a follower of that partition"),
    ROUTES_KILL("SIGKILL of the routes app under load"),
    ROUTES_TERM("SIGTERM of the routes app with a backlog"),
    BRIDGE_KILL_ANCHORING("SIGKILL of the bridge while a batch is on its way to the chain"),
    CLAIMS_KILL_SETTLING("SIGKILL of the claims app while a claim is being settled"),
    POSTGRES_RESTART("PostgreSQL restarted (pg_ctl stop -m fast, then started on its data)"),
    RPC_OUTAGE("the chain RPC unreachable"),
    RESEND_DURING_FAILOVER("the same message resent on a second connection while its leader is killed");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The name on the command line and in the JSON line: leader-kill, postgres-restart, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Fault parse(String id) {
        for (Fault f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no fault named " + id);
    }
}
