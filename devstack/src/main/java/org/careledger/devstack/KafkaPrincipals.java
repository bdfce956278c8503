package org.careledger.devstack;

/**
 * The Kafka principals of a running hub: the routes app, the ledger bridge, and the operator (the
 * launcher's own tools: demo, benchmarks, tests), which may read and create any topic.
 */
public record KafkaPrincipals(KafkaAccess routes, KafkaAccess bridge, KafkaAccess operator) {

    /** One identity for everyone, as on an external cluster configured by a single client config. */
    public static KafkaPrincipals shared(KafkaAccess access) {
        return new KafkaPrincipals(access, access, access);
    }
}
