package org.careledger.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates an app's missing topics as configured, and refuses to let the app run on an existing topic
 * that is weaker than configured: fewer replicas, a lower {@code min.insync.replicas} (an
 * {@code acks=all} write would be acknowledged by fewer copies than promised), a shorter retention or
 * a smaller {@code max.message.bytes}. The refusal names each topic and setting.
 */
public final class TopicProvisioning {

    private static final long TIMEOUT_SECONDS = 30;

    private TopicProvisioning() {
    }

    /** Returns the names of the topics it created. */
    public static List<String> ensure(Admin admin, List<TopicSpec> wanted) throws Exception {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<TopicSpec> present = wanted.stream().filter(t -> existing.contains(t.name())).toList();
        refuseWeaker(admin, present);
        List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).map(TopicSpec::toNewTopic).toList();
        List<String> created = new ArrayList<>();
        if (missing.isEmpty()) {
            return created;
        }
        var results = admin.createTopics(missing).values();
        for (var result : results.entrySet()) {
            try {
                result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                created.add(result.getKey());
            } catch (ExecutionException e) {
                // another instance created it meanwhile: check it like any existing topic
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                refuseWeaker(admin, wanted.stream().filter(t -> t.name().equals(result.getKey())).toList());
            }
        }
        return created;
    }

    private static void refuseWeaker(Admin admin, List<TopicSpec> present) throws Exception {
        if (present.isEmpty()) {
            return;
        }
        List<String> names = present.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> shortfalls = new ArrayList<>();
        for (TopicSpec spec : present) {
            shortfalls.addAll(shortfalls(spec, descriptions.get(spec.name()),
                    configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))));
        }
        if (!shortfalls.isEmpty()) {
            throw new IllegalStateException("refusing to start on topics weaker than configured: " + String.join("; ", shortfalls));
        }
    }

    /** What an existing topic lacks against its spec, one phrase per setting; empty when it is as strong. */
    static List<String> shortfalls(TopicSpec spec, TopicDescription description, Config config) {
        List<String> out = new ArrayList<>();
        int replicas = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
        if (replicas < spec.replicationFactor()) {
            out.add(spec.name() + " has replication factor " + replicas + ", configured " + spec.replicationFactor());
        }
        int minIsr = intValue(config, TopicSpec.MIN_INSYNC_REPLICAS, 1);
        if (minIsr < spec.minInsyncReplicas()) {
            out.add(spec.name() + " has " + TopicSpec.MIN_INSYNC_REPLICAS + " " + minIsr + ", configured " + spec.minInsyncReplicas());
        }
        for (Map.Entry<String, String> wanted : spec.configs().entrySet()) {
            if (!TopicSpec.AT_LEAST.contains(wanted.getKey())) {
                continue;
            }
            long want = Long.parseLong(wanted.getValue());
            long have = longValue(config, wanted.getKey());
            if (smaller(have, want)) {
                out.add(spec.name() + " has " + wanted.getKey() + " " + have + ", configured " + want);
            }
        }
        return out;
    }

    /** -1 means unlimited: larger than any limit. */
    private static boolean smaller(long have, long want) {
        if (have == -1) {
            return false;
        }
        return want == -1 || have < want;
    }

    private static int intValue(Config config, String name, int fallback) {
        ConfigEntry entry = config == null ? null : config.get(name);
        return entry == null || entry.value() == null ? fallback : Integer.parseInt(entry.value());
    }

    private static long longValue(Config config, String name) {
        ConfigEntry entry = config == null ? null : config.get(name);
        return entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value());
    }
}
