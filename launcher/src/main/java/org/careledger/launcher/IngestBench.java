package org.careledger.launcher;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import org.careledger.connectors.hl7.Hl7Parsing;
import org.careledger.devstack.FreePorts;

/**
 * {@code ./careledger bench ingest}: N MLLP connections in classic lock-step against the routes app
 * (durable Kafka write before every ACK) and, in the same run, against a bare HAPI server that ACKs
 * without storing anything: the ceiling on this machine.
 */
public final class IngestBench {

    private final PrintStream out;
    private final int connections;
    private final Duration warmup;
    private final Duration measure;

    public IngestBench(PrintStream out, int connections, Duration warmup, Duration measure) {
        this.out = out;
        this.connections = connections;
        this.warmup = warmup;
        this.measure = measure;
    }

    /** What one load run saw. */
    public record Result(String target, long messages, long nonAa, double perSecond, double p50Millis, double p99Millis) {
    }

    public void run(Path home, Path runDir, Map<String, String> env) throws Exception {
        String message = Files.readString(home.resolve("docker/samples/01-adt-a01-v25.hl7"));
        List<Result> results = new ArrayList<>();
        try (HapiContext hapi = Hl7Parsing.newContext()) {
            int port = FreePorts.pick();
            HL7Service bare = hapi.newServer(port, false);
            bare.registerApplication("*", "*", new AckAll());
            bare.startAndWait();
            try {
                results.add(load("bare HAPI SimpleServer (no storage)", port, message, "BARE"));
            } finally {
                bare.stopAndWait();
            }
        }
        out.println("starting the hub under " + runDir);
        try (Hub hub = Hub.start(home, runDir, new Hub.Options(HubPorts.ephemeral(), 5_000, 2, env))) {
            results.add(load("CareLedger routes (Kafka acks=all, duplicate window)", hub.ports().mllp(), message, "CL"));
        }
        print(results);
    }

    Result load(String target, int port, String message, String prefix) throws Exception {
        out.printf("loading %s with %d connections: %d s warm-up, %d s measured%n", target, connections,
                warmup.toSeconds(), measure.toSeconds());
        AtomicBoolean recording = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        String runId = Long.toString(System.currentTimeMillis(), 36);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String connectionPrefix = prefix + runId + "-" + c + "-";
            workers.add(pool.submit(() -> lockStep(port, message, connectionPrefix, recording, running)));
        }
        Thread.sleep(warmup.toMillis());
        recording.set(true);
        long started = System.nanoTime();
        Thread.sleep(measure.toMillis());
        recording.set(false);
        double seconds = (System.nanoTime() - started) / 1e9;
        running.set(false);
        List<Long> latencies = new ArrayList<>();
        long nonAa = 0;
        for (Future<long[]> worker : workers) {
            long[] samples = worker.get();
            nonAa += samples[0];
            for (int i = 1; i < samples.length; i++) {
                latencies.add(samples[i]);
            }
        }
        pool.shutdown();
        double[] millis = latencies.stream().mapToDouble(nanos -> nanos / 1e6).sorted().toArray();
        return new Result(target, millis.length, nonAa, millis.length / seconds,
                Percentile.nearestRank(millis, 0.50), Percentile.nearestRank(millis, 0.99));
    }

    /** One sending system: send, wait for the ACK, repeat. Returns [non-AA count, latencies in ns...]. */
    private static long[] lockStep(int port, String message, String controlPrefix, AtomicBoolean recording,
                                   AtomicBoolean running) throws Exception {
        long[] samples = new long[1 << 16];
        int n = 1;
        long seq = 0;
        try (MllpClient client = new MllpClient("127.0.0.1", port, 30_000, StandardCharsets.UTF_8)) {
            while (running.get()) {
                String text = message.replace("CTRL1001", controlPrefix + seq++);
                long t0 = System.nanoTime();
                String ack = client.send(text);
                long elapsed = System.nanoTime() - t0;
                if (recording.get()) {
                    if (!"AA".equals(Demo.Ack.parse(ack).code())) {
                        samples[0]++;
                    }
                    if (n == samples.length) {
                        samples = Arrays.copyOf(samples, samples.length * 2);
                    }
                    samples[n++] = elapsed;
                }
            }
        }
        return Arrays.copyOf(samples, n);
    }


    private void print(List<Result> results) {
        out.println();
        out.printf("| %-54s | %5s | %9s | %7s | %9s | %8s | %8s |%n", "target", "conns", "messages", "non-AA", "msg/s", "p50 ms", "p99 ms");
        out.printf("|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(56), "-".repeat(7), "-".repeat(11), "-".repeat(9), "-".repeat(11),
                "-".repeat(10), "-".repeat(10));
        for (Result r : results) {
            out.printf("| %-54s | %5d | %9d | %7d | %9.0f | %8.2f | %8.2f |%n", r.target(), connections, r.messages(), r.nonAa(),
                    r.perSecond(), r.p50Millis(), r.p99Millis());
        }
        if (results.size() == 2) {
            out.printf("%nCareLedger / bare HAPI throughput: %.2f%n", results.get(1).perSecond() / results.get(0).perSecond());
        }
    }

    /** The ceiling: acknowledge everything, store nothing. */
    private static final class AckAll implements ReceivingApplication<Message> {

        @Override
        public Message processMessage(Message message, Map<String, Object> metadata) {
            try {
                return message.generateACK();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean canProcess(Message message) {
            return true;
        }
    }
}
