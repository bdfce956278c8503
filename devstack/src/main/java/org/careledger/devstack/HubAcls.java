package org.careledger.devstack;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least each app needs on Kafka, as KRaft ACLs: the same grants a production cluster gives the
 * three app principals (SECURITY.md lists them as {@code kafka-acls} commands).
 *
 * <ul>
 *   <li>routes: reads and writes the raw topics, writes the event topics and the dead-letter topic,
 *       creates them all, and consumes in its own groups;</li>
 *   <li>bridge: reads the event topics and nothing else it does not own; writes and creates its own
 *       {@code careledger.ledger.*} topics, and writes dead letters;</li>
 *   <li>claims: reads the claim events only; writes and creates its own {@code careledger.claims.*}
 *       topics, and writes dead letters.</li>
 * </ul>
 * None may write another's topics: a stolen bridge or claims credential cannot forge a claim event.
 */
public final class HubAcls {

    public static final String ROUTES_USER = "careledger-routes";
    public static final String BRIDGE_USER = "careledger-bridge";
    public static final String CLAIMS_USER = "careledger-claims";
    public static final String OPERATOR_USER = "careledger-operator";

    // DESCRIBE_CONFIGS: each app checks that the topics it creates are as durable as configured
    private static final AclOperation[] OWN = {AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
        AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS};
    private static final AclOperation[] PUBLISH = {AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE,
        AclOperation.DESCRIBE_CONFIGS};
    private static final AclOperation[] SUBSCRIBE = {AclOperation.READ, AclOperation.DESCRIBE};

    private HubAcls() {
    }

    public static List<AclBinding> all() {
        List<AclBinding> acls = new ArrayList<>();
        String routes = ROUTES_USER;
        allow(acls, routes, ResourceType.TOPIC, "careledger.hl7v2.raw", PatternType.LITERAL, OWN);
        allow(acls, routes, ResourceType.TOPIC, "careledger.fhir.raw", PatternType.LITERAL, OWN);
        allow(acls, routes, ResourceType.TOPIC, "careledger.events.", PatternType.PREFIXED, PUBLISH);
        allow(acls, routes, ResourceType.TOPIC, "careledger.dlq", PatternType.LITERAL, OWN);
        allow(acls, routes, ResourceType.GROUP, "careledger-routes", PatternType.PREFIXED, AclOperation.READ);

        String bridge = BRIDGE_USER;
        allow(acls, bridge, ResourceType.TOPIC, "careledger.events.", PatternType.PREFIXED, SUBSCRIBE);
        allow(acls, bridge, ResourceType.TOPIC, "careledger.ledger.", PatternType.PREFIXED, OWN);
        allow(acls, bridge, ResourceType.TOPIC, "careledger.dlq", PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(acls, bridge, ResourceType.GROUP, "careledger-ledger", PatternType.PREFIXED, AclOperation.READ);

        String claims = CLAIMS_USER;
        allow(acls, claims, ResourceType.TOPIC, "careledger.events.claim", PatternType.LITERAL, SUBSCRIBE);
        allow(acls, claims, ResourceType.TOPIC, "careledger.claims.", PatternType.PREFIXED, OWN);
        allow(acls, claims, ResourceType.TOPIC, "careledger.dlq", PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(acls, claims, ResourceType.GROUP, "careledger-claims", PatternType.PREFIXED, AclOperation.READ);
        return acls;
    }

    private static void allow(List<AclBinding> acls, String user, ResourceType type, String name, PatternType pattern,
                              AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
