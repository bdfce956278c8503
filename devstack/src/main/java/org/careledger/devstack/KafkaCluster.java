package org.careledger.devstack;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

/**
 * A dev cluster of KRaft nodes, each a broker and a controller in its own JVM, so that a fault test
 * can SIGKILL one node and start it again on its own data. With three nodes a topic gets three
 * replicas and {@code min.insync.replicas=2}: an {@code acks=all} write survives losing any one node,
 * and a majority of controllers remains. Security is that of {@link KafkaNode}: SASL_SSL with SCRAM
 * and KRaft ACLs.
 */
public final class KafkaCluster implements AutoCloseable {

    private final Path dataDir;
    private final List<KafkaNodeConfig.Member> members;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();
    private final ClusterSecurity security;
    private final String clusterId = Uuid.randomUuid().toString();
    private final String bootstrap;
    private boolean closed;

    private KafkaCluster(Path dataDir, List<KafkaNodeConfig.Member> members, ClusterSecurity security) {
        this.dataDir = dataDir;
        this.members = members;
        this.security = security;
        this.bootstrap = members.stream().map(KafkaNodeConfig.Member::bootstrap).collect(Collectors.joining(","));
    }

    /**
     * Starts {@code nodes} nodes under {@code dataDir}; the first broker port is {@code firstPort} (0:
     * free ports), the others follow it.
     */
    public static KafkaCluster start(Path dataDir, int nodes, int firstPort, KafkaNode.Security spec) throws Exception {
        List<KafkaNodeConfig.Member> members = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            int brokerPort = firstPort == 0 ? FreePorts.pick() : firstPort + id - 1;
            members.add(new KafkaNodeConfig.Member(id, brokerPort, FreePorts.pick()));
        }
        Path tlsDir = Files.createDirectories(dataDir.resolve("tls"));
        KafkaCluster cluster = new KafkaCluster(dataDir, members, ClusterSecurity.create(tlsDir, spec));
        try {
            for (KafkaNodeConfig.Member m : members) {
                cluster.startNode(m.nodeId());
            }
            KafkaAccess admin = cluster.access(cluster.security.firstSuperUser());
            KafkaNode.awaitReady(admin, nodes);
            KafkaNode.grant(admin, spec.acls());
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts (or starts again) one node's JVM; its log directory, once formatted, is kept. */
    public synchronized void startNode(int nodeId) throws IOException {
        KafkaNodeConfig.Member self = member(nodeId);
        Path nodeDir = Files.createDirectories(dataDir.resolve("node-" + nodeId));
        Path props = secretFile(nodeDir.resolve("server.properties"));
        Properties config = KafkaNodeConfig.of(self, members, nodeDir.resolve("log"), security);
        try (Writer out = Files.newBufferedWriter(props)) {
            config.store(out, "CareLedger dev Kafka node " + nodeId);
        }
        Path scram = secretFile(nodeDir.resolve("scram.txt"));
        Files.write(scram, security.scramArguments());
        Path log = Files.createDirectories(dataDir.resolve("logs")).resolve("kafka-" + nodeId + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xms256m", "-Xmx768m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), KafkaNodeMain.class.getName(),
                props.toString(), scram.toString(), clusterId, Integer.toString(nodeId))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        processes.put(nodeId, builder.start());
    }

    /** SIGKILL: no shutdown hook, no flush, as when a machine loses power. */
    public synchronized void kill(int nodeId) throws InterruptedException {
        Process p = processes.get(nodeId);
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The node that leads a partition now, or -1 when it has no leader. */
    public int leaderOf(String topic, int partition) throws Exception {
        try (Admin admin = Admin.create(access(security.firstSuperUser()).config())) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            var leader = d.partitions().get(partition).leader();
            return leader == null ? -1 : leader.id();
        }
    }

    /** The nodes that hold a replica of a partition, leader first. */
    /** How many partitions the topic has. */
    public int partitionCount(String topic) throws Exception {
        return describe(topic).partitions().size();
    }

    public List<Integer> replicasOf(String topic, int partition) throws Exception {
        var p = describe(topic).partitions().get(partition);
        List<Integer> replicas = new ArrayList<>();
        if (p.leader() != null) {
            replicas.add(p.leader().id());
        }
        p.replicas().forEach(n -> {
            if (!replicas.contains(n.id())) {
                replicas.add(n.id());
            }
        });
        return replicas;
    }

    private TopicDescription describe(String topic) throws Exception {
        try (Admin admin = Admin.create(access(security.firstSuperUser()).config())) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        }
    }

    /**
     * Waits until every partition of every topic has all its replicas in sync again: after a node
     * restarts, until then one more failure could leave a partition below min.insync.replicas.
     */
    public void awaitInSync(java.time.Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(access(security.firstSuperUser()).config())) {
            while (true) {
                var names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                boolean inSync = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.isr().size() == p.replicas().size());
                if (inSync) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replicas not back in sync within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(500);
            }
        }
    }

    /** Waits until every node is back in the cluster, after a restart. */
    public void awaitAllBrokers() throws Exception {
        KafkaNode.awaitReady(access(security.firstSuperUser()), members.size());
    }

    public List<Integer> nodeIds() {
        return members.stream().map(KafkaNodeConfig.Member::nodeId).toList();
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public KafkaAccess access(String user) {
        return security.access(user, bootstrap);
    }

    private KafkaNodeConfig.Member member(int nodeId) {
        return members.stream().filter(m -> m.nodeId() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka node " + nodeId));
    }

    private static Path secretFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /** Kills every node and deletes the cluster's data and keys: dev-stack data does not outlive the stack. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // no controlled shutdown: nodes stopping together wait on a quorum that is going away too
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
        for (Process p : processes.values()) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Path> dirs = new ArrayList<>();
        for (KafkaNodeConfig.Member m : members) {
            dirs.add(dataDir.resolve("node-" + m.nodeId()));
        }
        dirs.add(dataDir.resolve("tls"));
        KafkaNode.deleteAll(dirs);
    }
}
