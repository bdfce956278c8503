package org.careledger.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One hub (dev stack and both apps) for the whole test run, started on first use and stopped when
 * the test JVM exits: test classes share it instead of starting Kafka, PostgreSQL and anvil each.
 */
final class SharedHub {

    private static Hub hub;

    private SharedHub() {
    }

    static synchronized Hub get() throws Exception {
        if (hub == null) {
            Path home = home();
            Path runDir = Files.createDirectories(home.resolve("launcher/target/e2e-run"));
            hub = Hub.start(home, runDir, new Hub.Options(HubPorts.ephemeral(), 1_000, 2, Map.of()));
            Runtime.getRuntime().addShutdownHook(new Thread(hub::close));
        }
        return hub;
    }

    static Path home() {
        return Path.of(System.getProperty("careledger.home", "..")).toAbsolutePath().normalize();
    }
}
