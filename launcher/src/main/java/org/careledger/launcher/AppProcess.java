package org.careledger.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One packaged Quarkus app ({@code target/quarkus-app/quarkus-run.jar}) run as a child JVM. Its
 * configuration goes in through environment variables, so no key or password shows in the process
 * list, and its output goes to a log file.
 */
public final class AppProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;

    private AppProcess(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    public static AppProcess start(String name, Path jar, Map<String, String> config, Path log, int httpPort) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(name + " is not built: " + jar + " is missing (run ./mvnw -DskipTests package)");
        }
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx768m", "-XX:+UseSerialGC", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        config.forEach((key, value) -> builder.environment().put(envName(key), value));
        return new AppProcess(name, builder.start(), log, httpPort);
    }

    /** MicroProfile Config's environment-variable form of a property name. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    public Path log() {
        return log;
    }

    public int httpPort() {
        return httpPort;
    }

    /** SIGKILL: no shutdown hooks, no flushing, the way a crashed or OOM-killed JVM ends. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /**
     * SIGTERM, as an orchestrator stops a pod: the app shuts down gracefully. Returns its exit code;
     * kills it and fails when it has not exited within {@code grace}.
     */
    public int terminate(Duration grace) throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException(name + " did not exit within " + grace.toSeconds() + " s of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
