package org.careledger.routes.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.careledger.mappings.engine.FhirMappings;
import org.careledger.mappings.engine.MappingCatalogue;
import org.careledger.mappings.event.Hl7EventMapper;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the topics this app writes (raw, dead letters, one events topic per mapped domain) when
 * they are missing, before the routes start. Existing topics are left as they are.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    /** Quarkus's {@code kafka.*} settings: the bootstrap servers and the client security block. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @ConfigProperty(name = "careledger.kafka.partitions")
    int partitions;
    @ConfigProperty(name = "careledger.kafka.replication-factor")
    short replicationFactor;
    @ConfigProperty(name = "careledger.topics.hl7v2-raw")
    String rawTopic;
    @ConfigProperty(name = "careledger.topics.fhir-raw")
    String fhirRawTopic;
    @ConfigProperty(name = "careledger.topics.dlq")
    String dlqTopic;
    @ConfigProperty(name = "careledger.topics.raw-retention-ms")
    long rawRetentionMs;

    void onStart(@Observes @Priority(1) StartupEvent start, MappingCatalogue catalogue, FhirMappings fhirMappings) throws Exception {
        List<NewTopic> wanted = new ArrayList<>();
        for (String raw : List.of(rawTopic, fhirRawTopic)) {
            wanted.add(new NewTopic(raw, partitions, replicationFactor)
                    .configs(Map.of("retention.ms", Long.toString(rawRetentionMs))));
        }
        wanted.add(new NewTopic(dlqTopic, 1, replicationFactor));
        java.util.Set<String> domains = new java.util.TreeSet<>(catalogue.domains());
        domains.addAll(fhirMappings.domains());
        for (String domain : domains) {
            wanted.add(new NewTopic(Hl7EventMapper.TOPIC_PREFIX + domain, partitions, replicationFactor));
        }
        try (Admin admin = Admin.create(kafkaConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
            }
        }
    }
}
