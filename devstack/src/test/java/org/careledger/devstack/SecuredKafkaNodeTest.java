package org.careledger.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev stack's broker with the hub's ACLs: each principal may do what its app needs and no more. */
class SecuredKafkaNodeTest {

    private static final List<String> TOPICS = List.of("careledger.hl7v2.raw", "careledger.events.claim",
            "careledger.dlq", "careledger.claims.settlements", "careledger.ledger.tamper", "careledger.events.adt");

    @TempDir
    static Path work;
    private static KafkaNode node;

    @BeforeAll
    static void start() throws Exception {
        node = KafkaNode.start(work, 0, new KafkaNode.Security(
                List.of(HubAcls.ROUTES_USER, HubAcls.BRIDGE_USER, HubAcls.CLAIMS_USER, HubAcls.OPERATOR_USER),
                List.of(HubAcls.OPERATOR_USER), HubAcls.all()));
        try (Admin admin = Admin.create(node.access(HubAcls.OPERATOR_USER).config())) {
            admin.createTopics(TOPICS.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void routesPrincipalWritesRawEventAndDeadLetterTopics() throws Exception {
        KafkaAccess routes = node.access(HubAcls.ROUTES_USER);
        for (String topic : List.of("careledger.hl7v2.raw", "careledger.events.claim", "careledger.dlq")) {
            assertThat(send(routes, topic).offset()).as(topic).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void routesPrincipalCannotWriteTheBridgesOrTheClaimsAppsTopics() {
        assertRefused(() -> send(node.access(HubAcls.ROUTES_USER), "careledger.claims.settlements"));
        assertRefused(() -> send(node.access(HubAcls.ROUTES_USER), "careledger.ledger.tamper"));
    }

    @Test
    void bridgePrincipalReadsEventsAndWritesItsOwnTopics() throws Exception {
        KafkaAccess bridge = node.access(HubAcls.BRIDGE_USER);
        send(node.access(HubAcls.ROUTES_USER), "careledger.events.adt");
        assertThat(send(bridge, "careledger.ledger.tamper").offset()).isGreaterThanOrEqualTo(0);
        assertThat(send(bridge, "careledger.dlq").offset()).isGreaterThanOrEqualTo(0);
        assertThat(readOne(bridge, "careledger-ledger-bridge", "careledger.events.adt")).isPositive();
    }

    @Test
    void claimsPrincipalReadsClaimEventsAndWritesItsOwnTopics() throws Exception {
        KafkaAccess claims = node.access(HubAcls.CLAIMS_USER);
        send(node.access(HubAcls.ROUTES_USER), "careledger.events.claim");
        assertThat(send(claims, "careledger.claims.settlements").offset()).isGreaterThanOrEqualTo(0);
        assertThat(send(claims, "careledger.dlq").offset()).isGreaterThanOrEqualTo(0);
        assertThat(readOne(claims, "careledger-claims", "careledger.events.claim")).isPositive();
    }

    @Test
    void claimsPrincipalCannotForgeAnEventNorReadOtherEventsNorWriteTheBridgesTopics() {
        KafkaAccess claims = node.access(HubAcls.CLAIMS_USER);
        assertRefused(() -> send(claims, "careledger.events.claim"));
        assertRefused(() -> send(claims, "careledger.ledger.tamper"));
        assertThatThrownBy(() -> readOne(claims, "careledger-claims", "careledger.events.adt"))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void bridgePrincipalCannotWriteTheClaimsAppsTopics() {
        assertRefused(() -> send(node.access(HubAcls.BRIDGE_USER), "careledger.claims.settlements"));
    }

    /** How many records one consumer in this group reads from the topic within 30 s. */
    private static int readOne(KafkaAccess access, String group, String topic) {
        Map<String, Object> config = access.config();
        config.put("group.id", group);
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            return records.count();
        }
    }

    @Test
    void bridgePrincipalCannotForgeAnEvent() {
        assertRefused(() -> send(node.access(HubAcls.BRIDGE_USER), "careledger.events.claim"));
        assertRefused(() -> send(node.access(HubAcls.BRIDGE_USER), "careledger.hl7v2.raw"));
    }

    @Test
    void clientWithoutCredentialsIsRefused() {
        KafkaAccess routes = node.access(HubAcls.ROUTES_USER);
        // TLS but no SASL login: the broker never answers a request
        Map<String, String> tlsOnly = new java.util.HashMap<>(routes.security());
        tlsOnly.put("security.protocol", "SSL");
        tlsOnly.remove("sasl.jaas.config");
        tlsOnly.remove("sasl.mechanism");
        assertThatThrownBy(() -> listTopics(new KafkaAccess(routes.bootstrapServers(), tlsOnly)))
                .hasRootCauseInstanceOf(TimeoutException.class);
        // plaintext to the TLS port
        assertThatThrownBy(() -> listTopics(KafkaAccess.plaintext(routes.bootstrapServers())))
                .hasRootCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void wrongPasswordIsRefused() {
        KafkaAccess routes = node.access(HubAcls.ROUTES_USER);
        Map<String, String> guessed = new java.util.HashMap<>(routes.security());
        guessed.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + HubAcls.ROUTES_USER + "\" password=\"guess\";");
        assertThatThrownBy(() -> listTopics(new KafkaAccess(routes.bootstrapServers(), guessed)))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    private static org.apache.kafka.clients.producer.RecordMetadata send(KafkaAccess access, String topic) throws Exception {
        Map<String, Object> config = access.config();
        config.put("max.block.ms", 10_000);
        config.put("delivery.timeout.ms", 10_000);
        config.put("request.timeout.ms", 5_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, "k", "{}")).get(20, TimeUnit.SECONDS);
        }
    }

    private static void listTopics(KafkaAccess access) throws Exception {
        Map<String, Object> config = access.config();
        config.put("default.api.timeout.ms", 5_000);
        config.put("request.timeout.ms", 4_000);
        try (Admin admin = Admin.create(config)) {
            admin.listTopics().names().get(10, TimeUnit.SECONDS);
        }
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable write) {
        assertThatThrownBy(write).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
}
