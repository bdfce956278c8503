package org.careledger.devstack;

/**
 * The Kafka principals of a running hub: the routes app, the ledger bridge, the claims app, and the operator (the
 * launcher's own tools: demo, benchmarks, tests), which may read and create any topic. {@code brokers}
 * is how many brokers the dev stack started, 0 for a cluster given from outside.
 */
public record KafkaPrincipals(KafkaAccess routes, KafkaAccess bridge, KafkaAccess claims, KafkaAccess operator, int brokers) {

    /** One identity for everyone, as on an external cluster configured by a single client config. */
    public static KafkaPrincipals shared(KafkaAccess access) {
        return new KafkaPrincipals(access, access, access, access, 0);
    }

    /** Replicas per topic on the dev stack's brokers: all of them, up to 3; 0 when the cluster is external. */
    public int replicationFactor() {
        return Math.min(3, brokers);
    }

    /** In-sync replicas an acks=all write needs: all but one, at least 1; 0 when the cluster is external. */
    public int minInsyncReplicas() {
        return brokers == 0 ? 0 : Math.max(1, replicationFactor() - 1);
    }
}
