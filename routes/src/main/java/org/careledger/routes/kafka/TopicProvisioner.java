package org.careledger.routes.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.careledger.mappings.engine.FhirMappings;
import org.careledger.mappings.engine.MappingCatalogue;
import org.careledger.mappings.event.Hl7EventMapper;
import org.careledger.platform.kafka.TopicProvisioning;
import org.careledger.platform.kafka.TopicSpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the topics this app writes (raw, dead letters, one events topic per mapped domain) as
 * configured, and refuses to start when one of them exists with fewer replicas, a lower
 * {@code min.insync.replicas}, a shorter raw retention or a smaller {@code max.message.bytes} than
 * configured ({@link TopicProvisioning}).
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
    @ConfigProperty(name = "careledger.kafka.min-insync-replicas")
    int minInsyncReplicas;
    @ConfigProperty(name = "careledger.topics.hl7v2-raw")
    String rawTopic;
    @ConfigProperty(name = "careledger.topics.fhir-raw")
    String fhirRawTopic;
    @ConfigProperty(name = "careledger.topics.dlq")
    String dlqTopic;
    @ConfigProperty(name = "careledger.topics.raw-retention-ms")
    long rawRetentionMs;
    @ConfigProperty(name = "careledger.kafka.max-record-bytes")
    long maxRecordBytes;

    void onStart(@Observes @Priority(1) StartupEvent start, MappingCatalogue catalogue, FhirMappings fhirMappings) throws Exception {
        List<TopicSpec> wanted = new ArrayList<>();
        for (String raw : List.of(rawTopic, fhirRawTopic)) {
            wanted.add(new TopicSpec(raw, partitions, replicationFactor, minInsyncReplicas)
                    .with("retention.ms", Long.toString(rawRetentionMs))
                    .with("max.message.bytes", Long.toString(maxRecordBytes)));
        }
        wanted.add(new TopicSpec(dlqTopic, 1, replicationFactor, minInsyncReplicas));
        Set<String> domains = new TreeSet<>(catalogue.domains());
        domains.addAll(fhirMappings.domains());
        for (String domain : domains) {
            wanted.add(new TopicSpec(Hl7EventMapper.TOPIC_PREFIX + domain, partitions, replicationFactor, minInsyncReplicas)
                    .with("max.message.bytes", Long.toString(maxRecordBytes)));
        }
        try (Admin admin = Admin.create(kafkaConfig)) {
            List<String> created = TopicProvisioning.ensure(admin, wanted);
            if (!created.isEmpty()) {
                LOG.infof("created topics %s", created);
            }
        }
    }
}
