package org.careledger.platform.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Outside the dev profile an app does not start with Kafka in the clear: on {@code PLAINTEXT} or
 * {@code SASL_PLAINTEXT} its password and every record cross the network readable, and anyone who can
 * reach a broker can write to an event topic. Where the network itself encrypts and authenticates (a
 * service mesh with mutual TLS), {@code careledger.kafka.allow-plaintext=true} says so explicitly.
 */
public final class PlaintextKafka {

    public static final String PROTOCOL = "kafka.security.protocol";
    public static final String ALLOW = "careledger.kafka.allow-plaintext";
    private static final Set<String> ENCRYPTED = Set.of("SSL", "SASL_SSL");

    private PlaintextKafka() {
    }

    public static void refuseOutsideDev(List<String> profiles, Function<String, Optional<String>> configured) {
        if (profiles.contains("dev") || configured.apply(ALLOW).map(Boolean::parseBoolean).orElse(false)) {
            return;
        }
        String protocol = configured.apply(PROTOCOL).map(p -> p.trim().toUpperCase(Locale.ROOT)).orElse("PLAINTEXT");
        if (!ENCRYPTED.contains(protocol)) {
            throw new IllegalStateException("refusing to start outside the dev profile: " + PROTOCOL + " is " + protocol
                    + "; use SASL_SSL (SECURITY.md), or set " + ALLOW + "=true where the network encrypts");
        }
    }
}
