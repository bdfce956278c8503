package org.careledger.launcher;

import java.util.Map;

import org.careledger.devstack.DevStack;
import org.careledger.devstack.FreePorts;

/** Listening ports of a running hub. 0 means "pick a free one". */
public record HubPorts(int mllp, int routesHttp, int bridgeHttp, int claimsHttp, int kafka, int postgres, int anvil) {

    /** The documented defaults, each overridable by an environment variable. */
    public static HubPorts fromEnvironment(Map<String, String> env) {
        return new HubPorts(
                port(env, "CARELEDGER_MLLP_PORT", 2575),
                port(env, "CARELEDGER_HTTP_PORT", 8080),
                port(env, "CARELEDGER_BRIDGE_HTTP_PORT", 8081),
                port(env, "CARELEDGER_CLAIMS_HTTP_PORT", 8082),
                port(env, "CARELEDGER_KAFKA_PORT", 9092),
                port(env, "CARELEDGER_POSTGRES_PORT", 5432),
                port(env, "CARELEDGER_ANVIL_PORT", 8545));
    }

    public static HubPorts ephemeral() {
        return new HubPorts(0, 0, 0, 0, 0, 0, 0);
    }

    HubPorts resolved() {
        return new HubPorts(FreePorts.orFree(mllp), FreePorts.orFree(routesHttp), FreePorts.orFree(bridgeHttp),
                FreePorts.orFree(claimsHttp), kafka, postgres, anvil);
    }

    DevStack.Ports stackPorts() {
        return new DevStack.Ports(kafka, postgres, anvil);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
