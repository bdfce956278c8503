package org.careledger.devstack;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * One node of a {@link KafkaCluster}, in its own JVM so that it can be killed alone. Arguments: the
 * node's server properties file, the file of SCRAM credentials for formatting (both 0600, written by
 * the cluster), the cluster id and the node id. A restart finds its log directory formatted and keeps
 * its data. SIGTERM shuts the broker down cleanly; SIGKILL is the crash the fault tests want.
 */
public final class KafkaNodeMain {

    private KafkaNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(in);
        }
        List<String> scram = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
        Path logDir = Files.createDirectories(Path.of(props.getProperty("log.dirs")));
        KraftStorage.formatIfNew(logDir, args[2], Integer.parseInt(args[3]), scram);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "kafka-node-shutdown"));
        // a dev node does not outlive the stack that started it, even when that stack was SIGKILLed
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        server.startup();
        server.awaitShutdown();
    }
}
