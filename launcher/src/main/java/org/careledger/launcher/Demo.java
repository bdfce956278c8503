package org.careledger.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.devstack.KafkaAccess;

/**
 * {@code ./careledger demo}: plays the sample feed through MLLP into a fresh hub, waits for every event
 * to be anchored, verifies each proof on chain, scans topics, calldata and logs for the sample's
 * identifiers, and prints the outcome as one JSON line.
 */
public final class Demo {

    static final Pattern EVENT_TOPICS = Pattern.compile("careledger\\.events\\..*");
    static final Pattern OUTBOUND_TOPICS = Pattern.compile("careledger\\.(events\\..*|dlq)");
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final PrintStream out;

    public Demo(PrintStream out) {
        this.out = out;
    }

    public record Outcome(int sent, int acked, int events, int anchoredEvents, int batches, int proofsVerifiedOnChain, int phiLeaks) {

        public String toJson() {
            Map<String, Integer> fields = new LinkedHashMap<>();
            fields.put("sent", sent);
            fields.put("acked", acked);
            fields.put("events", events);
            fields.put("anchoredEvents", anchoredEvents);
            fields.put("batches", batches);
            fields.put("proofsVerifiedOnChain", proofsVerifiedOnChain);
            fields.put("phiLeaks", phiLeaks);
            try {
                return new ObjectMapper().writeValueAsString(fields);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public Outcome run(Path home, Path runDir, Map<String, String> env) throws Exception {
        SampleFeed feed = SampleFeed.load(home.resolve("docker/samples"));
        PhiCanaries canaries = PhiCanaries.from(feed.messages().stream().map(SampleFeed.Sample::er7).toList());
        out.println("starting Kafka, PostgreSQL, anvil and both apps under " + runDir);
        try (Hub hub = Hub.start(home, runDir, new Hub.Options(HubPorts.ephemeral(), 2_000, 2, env))) {
            out.println("hub ready: MLLP 127.0.0.1:" + hub.ports().mllp() + ", bridge " + hub.bridgeUrl());
            return exercise(hub, feed, canaries);
        }
    }

    /** Plays the feed into a running hub and checks what came out of it. */
    public Outcome exercise(Hub hub, SampleFeed feed, PhiCanaries canaries) throws Exception {
        int acked = play(feed, hub.ports().mllp());
        out.println("sent " + feed.messages().size() + " messages, " + acked + " acknowledged AA");
        return settle(hub, canaries, feed.messages().size(), acked);
    }

    static int play(SampleFeed feed, int mllpPort) throws Exception {
        int acked = 0;
        try (MllpClient client = new MllpClient("127.0.0.1", mllpPort, 30_000, StandardCharsets.UTF_8)) {
            for (SampleFeed.Sample sample : feed.messages()) {
                Ack ack = Ack.parse(client.send(sample.er7()));
                if ("AA".equals(ack.code()) && sample.controlId().equals(ack.controlId())) {
                    acked++;
                }
            }
        }
        return acked;
    }

    private Outcome settle(Hub hub, PhiCanaries canaries, int sent, int acked) throws Exception {
        KafkaAccess kafka = hub.endpoints().kafka().operator();
        List<TopicReader.Record> events = awaitEvents(kafka, acked);
        out.println(events.size() + " events on " + EVENT_TOPICS.pattern());

        int anchored = 0;
        int verified = 0;
        Set<String> batches = new HashSet<>();
        try (ProofCheck check = new ProofCheck(hub.bridgeUrl(), hub.endpoints().rpcUrl())) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (TopicReader.Record event : events) {
                String id = event.cloudEventId().orElseThrow();
                JsonNode proof = null;
                while (proof == null && System.nanoTime() < deadline) {
                    proof = check.fetch(id).orElse(null);
                    if (proof == null) {
                        Thread.sleep(250);
                    }
                }
                if (proof == null) {
                    continue;
                }
                anchored++;
                batches.add(proof.get("batchId").asText());
                String problem = check.verify(proof, event.value());
                if (problem == null) {
                    verified++;
                } else {
                    out.println("proof of event " + id + " rejected: " + problem);
                }
            }
        }
        out.println(anchored + " events anchored in " + batches.size() + " batches, " + verified + " proofs verified on chain");
        int leaks = scanForPhi(hub, canaries);
        return new Outcome(sent, acked, events.size(), anchored, batches.size(), verified, leaks);
    }

    private static List<TopicReader.Record> awaitEvents(KafkaAccess kafka, int expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (TopicReader.endOffsetTotal(kafka, EVENT_TOPICS) < expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        return TopicReader.readEvents(kafka, EVENT_TOPICS);
    }

    /** Counts (place, identifier) hits; prints places and counts, never the identifiers themselves. */
    int scanForPhi(Hub hub, PhiCanaries canaries) throws Exception {
        Map<String, Integer> hits = new HashMap<>();
        for (TopicReader.Record r : TopicReader.readAll(hub.endpoints().kafka().operator(), OUTBOUND_TOPICS)) {
            count(hits, "topic " + r.topic(), canaries.foundIn(r.allText()));
        }
        for (String input : ChainCalldata.all(hub.endpoints().rpcUrl())) {
            count(hits, "chain calldata", canaries.foundIn(input));
        }
        try (Stream<Path> logs = Files.list(hub.runDir().resolve("logs"))) {
            for (Path log : logs.toList()) {
                count(hits, "log " + log.getFileName(), canaries.foundIn(Files.readString(log, StandardCharsets.ISO_8859_1)));
            }
        }
        hits.forEach((place, n) -> out.println("PHI found in " + place + ": " + n + " identifier(s)"));
        return hits.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void count(Map<String, Integer> hits, String place, List<String> found) {
        if (!found.isEmpty()) {
            hits.merge(place, found.size(), Integer::sum);
        }
    }

    /** MSA-1 and MSA-2 of an ACK, read without a parser. */
    public record Ack(String code, String controlId, String raw) {

        public static Ack parse(String ack) {
            if (ack == null) {
                return new Ack(null, null, null);
            }
            for (String segment : ack.split("[\r\n]+")) {
                if (segment.startsWith("MSA")) {
                    String[] f = segment.split("\\|", -1);
                    return new Ack(f.length > 1 ? f[1] : null, f.length > 2 ? f[2] : null, ack);
                }
            }
            return new Ack(null, null, ack);
        }

        public boolean hasSegment(String name) {
            return raw != null && Stream.of(raw.split("[\r\n]+")).anyMatch(s -> s.startsWith(name + "|"));
        }
    }
}
