package org.careledger.platform.kafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

/**
 * A topic an app writes and owns (the routes app creates the event topics): created as specified
 * on first use, so a fresh cluster needs no manual step, and refused when it exists weaker than that.
 */
public final class OwnTopic {

    private final Map<String, Object> kafkaConfig;
    private final TopicSpec spec;
    private volatile boolean checked;

    /** {@code kafkaConfig}: the app's Kafka client settings, security included. */
    public OwnTopic(Map<String, Object> kafkaConfig, TopicSpec spec) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.spec = spec;
    }

    public String name() {
        return spec.name();
    }

    /** Creates the topic unless it exists, and checks it when it does; once per process. */
    public void ensure() throws Exception {
        if (checked) {
            return;
        }
        try (Admin admin = Admin.create(kafkaConfig)) {
            TopicProvisioning.ensure(admin, List.of(spec));
        }
        checked = true;
    }
}
