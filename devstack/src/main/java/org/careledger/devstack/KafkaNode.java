package org.careledger.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One real Apache Kafka node in KRaft combined mode (broker and controller), run from Kafka's own
 * server code inside this JVM and bound to loopback. It is the same broker code that production
 * clusters run, with replication factors of 1 because there is one node.
 *
 * <p>A secured node has one client listener, {@code SASL_SSL} with SCRAM-SHA-512, and Kafka's KRaft
 * {@code StandardAuthorizer}: a principal may do only what an ACL grants it, and a client without
 * credentials cannot even open a session. Each user's password is random per start.
 */
public final class KafkaNode implements AutoCloseable {

    /** The broker's own principal (inter-broker and controller traffic). */
    static final String BROKER_USER = "careledger-broker";
    public static final String SCRAM = "SCRAM-SHA-512";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final List<Path> dirs;
    private final Map<String, KafkaAccess> users;
    private boolean closed;

    private KafkaNode(KafkaRaftServer server, String bootstrapServers, List<Path> dirs, Map<String, KafkaAccess> users) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dirs = dirs;
        this.users = users;
    }

    /**
     * Who may use a secured node: SCRAM users, the super users among them (which bypass ACLs), and the
     * ACLs granted to the others.
     */
    public record Security(List<String> users, List<String> superUsers, Collection<AclBinding> acls) {
    }

    /** A plaintext node without authorisation; port 0 picks a free one. */
    public static KafkaNode start(Path dataDir, int port) throws Exception {
        return start(dataDir, port, null);
    }

    /** Formats a fresh log directory under {@code dataDir} and starts the node; port 0 picks a free one. */
    public static KafkaNode start(Path dataDir, int port, Security security) throws Exception {
        int brokerPort = FreePorts.orFree(port);
        int controllerPort = FreePorts.pick();
        Path logDir = Files.createDirectories(dataDir.resolve("kraft-" + brokerPort));
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("log.dirs", logDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("unclean.leader.election.enable", "false");

        String bootstrap = "127.0.0.1:" + brokerPort;
        Map<String, KafkaAccess> users = new LinkedHashMap<>();
        List<String> scram = new ArrayList<>();
        if (security == null) {
            props.put("listeners", "PLAINTEXT://" + bootstrap + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://" + bootstrap);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            users.put("", KafkaAccess.plaintext(bootstrap));
        } else {
            // beside the log directory: Kafka refuses anything but partitions inside it
            Path tlsDir = Files.createDirectories(dataDir.resolve("tls-" + brokerPort));
            Path caPem = secureListeners(props, tlsDir, bootstrap, controllerPort);
            List<String> supers = new ArrayList<>(List.of("User:" + BROKER_USER));
            security.superUsers().forEach(u -> supers.add("User:" + u));
            props.put("super.users", String.join(";", supers));
            for (String user : security.users()) {
                String password = randomSecret();
                scram.add(SCRAM + "=[name=" + user + ",password=" + password + "]");
                users.put(user, new KafkaAccess(bootstrap, Map.of(
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", SCRAM,
                        "sasl.jaas.config", jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user, password),
                        "ssl.truststore.type", "PEM",
                        "ssl.truststore.location", caPem.toString())));
            }
        }
        KafkaConfig config = new KafkaConfig(props, false);

        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setScramArguments(scram)
                .run();

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        List<Path> dirs = new ArrayList<>(List.of(logDir));
        if (security != null) {
            dirs.add(dataDir.resolve("tls-" + brokerPort));
        }
        KafkaNode node = new KafkaNode(server, bootstrap, dirs, Map.copyOf(users));
        try {
            KafkaAccess admin = security == null ? node.access("") : node.access(security.superUsers().get(0));
            awaitReady(admin);
            if (security != null && !security.acls().isEmpty()) {
                try (Admin client = Admin.create(admin.config())) {
                    client.createAcls(security.acls()).all().get(30, TimeUnit.SECONDS);
                }
            }
            return node;
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    /**
     * Clients on SASL_SSL with a certificate from a fresh CA; the controller listener on loopback takes
     * only the broker's own PLAIN login. Returns the CA certificate clients trust.
     */
    private static Path secureListeners(Properties props, Path tlsDir, String bootstrap, int controllerPort) throws Exception {
        DevPki pki = new DevPki("CareLedger dev Kafka CA");
        char[] storePassword = randomSecret().toCharArray();
        Path keyStore = DevPki.writePkcs12(tlsDir.resolve("broker.p12"),
                DevPki.keyStore(pki.issue("careledger-kafka"), storePassword, pki.ca().certificate()), storePassword);
        Path caPem = DevPki.writePem(tlsDir.resolve("ca.pem"), pki.ca().certificate());

        String brokerPassword = randomSecret();
        String brokerLogin = jaas("org.apache.kafka.common.security.plain.PlainLoginModule", BROKER_USER, brokerPassword)
                .replace(";", " user_" + BROKER_USER + "=\"" + brokerPassword + "\";");
        props.put("listeners", "CLIENT://" + bootstrap + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "CLIENT://" + bootstrap);
        props.put("listener.security.protocol.map", "CLIENT:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", "CLIENT");
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.client.sasl.enabled.mechanisms", SCRAM + ",PLAIN");
        props.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("listener.name.client.plain.sasl.jaas.config", brokerLogin);
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config", brokerLogin);
        props.put("listener.name.client.ssl.keystore.type", "PKCS12");
        props.put("listener.name.client.ssl.keystore.location", keyStore.toString());
        props.put("listener.name.client.ssl.keystore.password", new String(storePassword));
        // the broker reaches itself by address too: its certificate names 127.0.0.1
        props.put("listener.name.client.ssl.truststore.type", "PEM");
        props.put("listener.name.client.ssl.truststore.location", caPem.toString());
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        return caPem;
    }

    private static String jaas(String module, String user, String password) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** 24 random bytes, base64url: no character that a JAAS string or SCRAM argument would need quoted. */
    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void awaitReady(KafkaAccess access) throws Exception {
        Map<String, Object> conf = access.config();
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(conf)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("Kafka did not become ready on " + access.bootstrapServers(), e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The client settings of a user of a secured node; on a plaintext node, of anyone. */
    public KafkaAccess access(String user) {
        KafkaAccess access = users.containsKey("") ? users.get("") : users.get(user);
        if (access == null) {
            throw new IllegalArgumentException("no Kafka user " + user);
        }
        return access;
    }

    /** A plaintext node's access; a secured node has none without a user. */
    public KafkaAccess access() {
        return access("");
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
        for (Path dir : dirs) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
