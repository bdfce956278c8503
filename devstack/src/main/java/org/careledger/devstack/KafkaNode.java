package org.careledger.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.utils.Time;

/**
 * One real Apache Kafka node in KRaft combined mode (broker and controller), run from Kafka's own
 * server code inside this JVM and bound to loopback. It is the same broker code that production
 * clusters run, with replication factors of 1 because there is one node ({@link KafkaCluster} runs
 * three, each in its own process).
 *
 * <p>A secured node has one client listener, {@code SASL_SSL} with SCRAM-SHA-512, and Kafka's KRaft
 * {@code StandardAuthorizer}: a principal may do only what an ACL grants it, and a client without
 * credentials cannot even open a session. Each user's password is random per start.
 */
public final class KafkaNode implements AutoCloseable {

    public static final String SCRAM = ClusterSecurity.SCRAM;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final List<Path> dirs;
    private final ClusterSecurity security;
    private boolean closed;

    private KafkaNode(KafkaRaftServer server, String bootstrapServers, List<Path> dirs, ClusterSecurity security) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dirs = dirs;
        this.security = security;
    }

    /**
     * Who may use a secured node or cluster: SCRAM users, the super users among them (which bypass
     * ACLs), and the ACLs granted to the others.
     */
    public record Security(List<String> users, List<String> superUsers, Collection<AclBinding> acls) {
    }

    /** A plaintext node without authorisation; port 0 picks a free one. */
    public static KafkaNode start(Path dataDir, int port) throws Exception {
        return start(dataDir, port, null);
    }

    /** Formats a fresh log directory under {@code dataDir} and starts the node; port 0 picks a free one. */
    public static KafkaNode start(Path dataDir, int port, Security spec) throws Exception {
        KafkaNodeConfig.Member self = new KafkaNodeConfig.Member(1, FreePorts.orFree(port), FreePorts.pick());
        Path logDir = Files.createDirectories(dataDir.resolve("kraft-" + self.brokerPort()));
        List<Path> dirs = new ArrayList<>(List.of(logDir));
        ClusterSecurity security = null;
        if (spec != null) {
            // beside the log directory: Kafka refuses anything but partitions inside it
            Path tlsDir = Files.createDirectories(dataDir.resolve("tls-" + self.brokerPort()));
            dirs.add(tlsDir);
            security = ClusterSecurity.create(tlsDir, spec);
        }
        KafkaConfig config = new KafkaConfig(KafkaNodeConfig.of(self, List.of(self), logDir, security), false);
        KraftStorage.formatIfNew(logDir, Uuid.randomUuid().toString(), 1, security == null ? List.of() : security.scramArguments());

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        KafkaNode node = new KafkaNode(server, self.bootstrap(), dirs, security);
        try {
            KafkaAccess admin = security == null ? node.access() : node.access(security.firstSuperUser());
            awaitReady(admin, 1);
            if (spec != null) {
                grant(admin, spec.acls());
            }
            return node;
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    static void grant(KafkaAccess admin, Collection<AclBinding> acls) throws Exception {
        if (acls.isEmpty()) {
            return;
        }
        try (Admin client = Admin.create(admin.config())) {
            client.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until the cluster reports {@code brokers} live brokers. */
    static void awaitReady(KafkaAccess access, int brokers) throws Exception {
        Map<String, Object> conf = access.config();
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(conf)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get().size() >= brokers) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("Kafka did not become ready on " + access.bootstrapServers(), e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("Kafka on " + access.bootstrapServers() + " has fewer than " + brokers + " brokers");
                }
                Thread.sleep(100);
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The client settings of a user of a secured node. */
    public KafkaAccess access(String user) {
        if (security == null) {
            return access();
        }
        return security.access(user, bootstrapServers);
    }

    /** A plaintext node's access; a secured node has none without a user. */
    public KafkaAccess access() {
        if (security != null) {
            throw new IllegalStateException("a secured node has no anonymous access");
        }
        return KafkaAccess.plaintext(bootstrapServers);
    }

    /** Stops the broker and deletes its directories: dev-stack data and keys do not outlive the stack. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        deleteAll(dirs);
    }

    static void deleteAll(List<Path> dirs) throws IOException {
        for (Path dir : dirs) {
            if (!Files.exists(dir)) {
                continue;
            }
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
