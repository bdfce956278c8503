package org.careledger.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The server properties of one KRaft node of a dev cluster of one or more nodes, each a broker and a
 * controller. With one node every replication factor is 1; with three, internal topics and new topics
 * get three replicas, two of which must be in sync for a write with {@code acks=all} to succeed.
 */
final class KafkaNodeConfig {

    /** One node: its id and its two loopback ports. */
    record Member(int nodeId, int brokerPort, int controllerPort) {
        String bootstrap() {
            return "127.0.0.1:" + brokerPort;
        }
    }

    private KafkaNodeConfig() {
    }

    static Properties of(Member self, List<Member> members, Path logDir, ClusterSecurity security) {
        int replicas = Math.min(3, members.size());
        String minIsr = Integer.toString(Math.max(1, replicas - 1));
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(self.nodeId()));
        props.put("controller.quorum.voters", members.stream()
                .map(m -> m.nodeId() + "@127.0.0.1:" + m.controllerPort()).collect(Collectors.joining(",")));
        props.put("controller.listener.names", "CONTROLLER");
        props.put("log.dirs", logDir.toString());
        props.put("default.replication.factor", Integer.toString(replicas));
        props.put("min.insync.replicas", minIsr);
        props.put("offsets.topic.replication.factor", Integer.toString(replicas));
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", Integer.toString(replicas));
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("unclean.leader.election.enable", "false");
        if (members.size() > 1) {
            // a killed node is noticed after 6 s rather than 9: fault tests wait less for new leaders
            props.put("broker.heartbeat.interval.ms", "1000");
            props.put("broker.session.timeout.ms", "6000");
        }
        String controller = "CONTROLLER://127.0.0.1:" + self.controllerPort();
        if (security == null) {
            props.put("listeners", "PLAINTEXT://" + self.bootstrap() + "," + controller);
            props.put("advertised.listeners", "PLAINTEXT://" + self.bootstrap());
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
        } else {
            props.put("listeners", "CLIENT://" + self.bootstrap() + "," + controller);
            props.put("advertised.listeners", "CLIENT://" + self.bootstrap());
            security.applyTo(props);
        }
        return props;
    }
}
