package org.careledger.devstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/** Formats a node's log directory the way {@code kafka-storage.sh format} does, once. */
final class KraftStorage {

    private KraftStorage() {
    }

    /** Formats unless already formatted: a restarted node keeps its partitions and its metadata log. */
    static void formatIfNew(Path logDir, String clusterId, int nodeId, List<String> scram) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(clusterId)
                .setNodeId(nodeId)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setScramArguments(scram)
                .run();
    }
}
