package org.careledger.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One app of a running hub with what it takes to start it again on the same ports and
 * configuration: the fault suite kills, stops and restarts it, and the hub always hands out the
 * process that runs now.
 */
public final class HubApp {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Path jar;
    private final Map<String, String> config;
    private final Path log;
    private final int httpPort;
    private volatile AppProcess process;

    HubApp(String name, Path jar, Map<String, String> config, Path log, int httpPort) {
        this.name = name;
        this.jar = jar;
        this.config = Map.copyOf(config);
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts the app (again) and waits until it is ready. */
    public AppProcess start() throws IOException, InterruptedException {
        AppProcess started = AppProcess.start(name, jar, config, log, httpPort);
        process = started;
        started.awaitReady(START_TIMEOUT);
        return started;
    }

    public AppProcess process() {
        return process;
    }

    /** SIGKILL, then the same app again. */
    public void killAndRestart() throws IOException, InterruptedException {
        process.kill();
        start();
    }

    /** SIGTERM; returns the exit code of the graceful shutdown, then starts the app again. */
    public int terminateAndRestart(Duration grace) throws IOException, InterruptedException {
        int exit = process.terminate(grace);
        start();
        return exit;
    }

    void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }
}
