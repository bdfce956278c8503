package org.careledger.bridge.batch;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A topic the bridge writes and owns (the routes app creates the event topics): created with the
 * broker's defaults on first use, so a fresh cluster needs no manual step.
 */
public final class OwnTopic {

    private final Map<String, Object> kafkaConfig;
    private final String name;
    private volatile boolean checked;

    /** {@code kafkaConfig}: the app's Kafka client settings, security included. */
    public OwnTopic(Map<String, Object> kafkaConfig, String name) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Creates the topic unless it exists; checked once per process. */
    public void ensure() throws Exception {
        if (checked) {
            return;
        }
        try (Admin admin = Admin.create(kafkaConfig)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
                admin.createTopics(List.of(new NewTopic(name, Optional.empty(), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        checked = true;
    }
}
