package org.careledger.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    static final Pattern OUTBOUND_TOPICS = Pattern.compile("careledger\\.(events\\..*|dlq|claims\\.settlements)");
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final PrintStream out;

    public Demo(PrintStream out) {
        this.out = out;
    }

    public record Outcome(int sent, int acked, int events, int anchoredEvents, int batches, int proofsVerifiedOnChain,
                          int claimsSubmitted, int claimsDecided, int claimsSettled, BigInteger paidMinorUnits, int webhooksVerified,
                          int phiLeaks, boolean claimsComplete) {

        /** Everything acknowledged, anchored and proven; every sample claim decided and its decision delivered, signed; no PHI. */
        public boolean ok() {
            return acked == sent && anchoredEvents == events && proofsVerifiedOnChain == events && claimsComplete && phiLeaks == 0;
        }

        public String toJson() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("sent", sent);
            fields.put("acked", acked);
            fields.put("events", events);
            fields.put("anchoredEvents", anchoredEvents);
            fields.put("batches", batches);
            fields.put("proofsVerifiedOnChain", proofsVerifiedOnChain);
            fields.put("claimsSubmitted", claimsSubmitted);
            fields.put("claimsDecided", claimsDecided);
            fields.put("claimsSettled", claimsSettled);
            fields.put("paidMinorUnits", paidMinorUnits);
            fields.put("webhooksVerified", webhooksVerified);
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
        PhiCanaries canaries = PhiCanaries.from(feed.messages().stream().map(SampleFeed.Sample::er7).toList())
                .withFhirClaims(feed.fhirClaims());
        out.println("starting Kafka, PostgreSQL, anvil and both apps under " + runDir);
        try (Hub hub = Hub.start(home, runDir, new Hub.Options(HubPorts.ephemeral(), 2_000, 2, env))) {
            out.println("hub ready: MLLP 127.0.0.1:" + hub.ports().mllp() + ", bridge " + hub.bridgeUrl() + ", claims " + hub.claimsUrl());
            return exercise(hub, feed, canaries);
        }
    }

    /**
     * Plays the feed into a running hub and checks what came out of it. The charges (DFT^P03) go
     * last, once the sample payer has subscribed and covered the patients they are for, as a payer
     * covers members by the public IDs the hub gave them.
     */
    public Outcome exercise(Hub hub, SampleFeed feed, PhiCanaries canaries) throws Exception {
        List<SampleFeed.Sample> charges = feed.messages().stream().filter(Demo::isCharge).toList();
        List<SampleFeed.Sample> clinical = feed.messages().stream().filter(m -> !isCharge(m)).toList();
        if (hub.endpoints().claims() == null) {
            // an external chain: settlement is not deployed by the dev stack, so the charges only become events
            int acked = play(feed.messages(), hub.ports().mllp());
            out.println("sent " + feed.messages().size() + " messages, " + acked + " acknowledged AA; settlement is off on this chain");
            Anchored a = settle(hub, acked);
            return new Outcome(feed.messages().size(), acked, a.events(), a.anchored(), a.batches(), a.verified(), 0, 0, 0, BigInteger.ZERO,
                    0, scanForPhi(hub, canaries), true);
        }
        try (DemoClaims payer = new DemoClaims(hub)) {
            int acked = play(clinical, hub.ports().mllp());
            payer.subscribe();
            List<String> members = publicIdsOfPatients(hub, clinical, charges);
            payer.cover(members);
            out.println("the sample payer " + hub.endpoints().claims().samplePayerId() + " subscribed a webhook and covers "
                    + members.size() + " patients by public ID");
            acked += play(charges, hub.ports().mllp());
            // and claims as FHIR R4 Claims over HTTP, as a provider's FHIR claims gateway sends them
            for (String claim : feed.fhirClaims()) {
                acked += postFhir(hub, claim) ? 1 : 0;
            }
            int sent = feed.messages().size() + feed.fhirClaims().size();
            out.println("sent " + feed.messages().size() + " HL7 messages (" + charges.size() + " charges from "
                    + charges.stream().map(c -> field(c.er7(), "MSH", 4)).distinct().count() + " providers) and "
                    + feed.fhirClaims().size() + " FHIR Claim(s), " + acked + " acknowledged (AA, or 202 for FHIR)");
            Anchored a = settle(hub, acked);
            List<String> claimEvents = new ArrayList<>(charges.stream().map(c -> EventIds.hl7(FEED, c.er7())).toList());
            feed.fhirClaims().forEach(claim -> claimEvents.add(EventIds.fhir(FEED, claim)));
            DemoClaims.Result result = payer.await(claimEvents);
            out.println(result.submitted() + " claims submitted, " + result.decided() + " decided, " + result.settled() + " settled, "
                    + result.paidMinorUnits() + " minor units paid, " + result.webhooksVerified() + " signed webhooks verified");
            // last, so that the settlements topic and the webhooks hold every decision
            int leaks = scanForPhi(hub, canaries) + scanWebhooks(canaries, result.webhookBodies());
            return new Outcome(sent, acked, a.events(), a.anchored(), a.batches(), a.verified(), result.submitted(),
                    result.decided(), result.settled(), result.paidMinorUnits(), result.webhooksVerified(), leaks,
                    result.complete(claimEvents.size()));
        }
    }

    /** What the bridge made of the events: how many, anchored in how many batches, and proofs verified. */
    private record Anchored(int events, int anchored, int batches, int verified) {
    }

    /** The routes app's feed id for MLLP. */
    private static final String FEED = "default";

    /** Posts a FHIR resource as the feed; true when the routes app took it (202: stored on the FHIR raw topic). */
    private static boolean postFhir(Hub hub, String resource) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(hub.routesUrl() + "/fhir/r4"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + hub.issuer().token("feed:" + FEED))
                .POST(HttpRequest.BodyPublishers.ofString(resource)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202;
    }

    private static boolean isCharge(SampleFeed.Sample sample) {
        return field(sample.er7(), "MSH", 9).startsWith("DFT^");
    }

    /** The public IDs the hub gave the patients of the charges, read from the events of their earlier clinical messages. */
    private static List<String> publicIdsOfPatients(Hub hub, List<SampleFeed.Sample> clinical, List<SampleFeed.Sample> charges)
            throws Exception {
        Set<String> patients = new HashSet<>();
        charges.forEach(c -> patients.add(patientId(c.er7())));
        Map<String, String> eventOfPatient = new HashMap<>();
        for (SampleFeed.Sample s : clinical) {
            if (patients.contains(patientId(s.er7()))) {
                eventOfPatient.putIfAbsent(EventIds.hl7(FEED, s.er7()), patientId(s.er7()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, String> publicIds = new HashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (publicIds.size() < patients.size() && System.nanoTime() < deadline) {
            for (TopicReader.Record r : TopicReader.readEvents(hub.endpoints().kafka().operator(), EVENT_TOPICS)) {
                String patient = eventOfPatient.get(r.cloudEventId().orElse(""));
                if (patient != null) {
                    publicIds.put(patient, json.readTree(r.value()).path("subject").asText());
                }
            }
            Thread.sleep(250);
        }
        return List.copyOf(new HashSet<>(publicIds.values()));
    }

    /** PID-3's first identifier with its assigning authority: the patient the hub pseudonymises. */
    private static String patientId(String er7) {
        String[] cx = field(er7, "PID", 3).split("~")[0].split("\\^", -1);
        return cx[0] + "^" + (cx.length > 3 ? cx[3] : "");
    }

    /** One field of the first segment with this name (MSH counted as HL7 does, its separator being MSH-1). */
    private static String field(String er7, String segment, int n) {
        for (String s : er7.split("[\r\n]+")) {
            if (s.startsWith(segment + "|")) {
                String[] f = s.split("\\|", -1);
                int i = segment.equals("MSH") ? n - 1 : n;
                return i < f.length ? f[i] : "";
            }
        }
        return "";
    }

    private int scanWebhooks(PhiCanaries canaries, List<byte[]> bodies) {
        int hits = 0;
        for (byte[] body : bodies) {
            hits += canaries.foundIn(new String(body, StandardCharsets.UTF_8)).size();
        }
        if (hits > 0) {
            out.println("PHI found in webhook bodies: " + hits + " identifier(s)");
        }
        return hits;
    }

    static int play(List<SampleFeed.Sample> messages, int mllpPort) throws Exception {
        int acked = 0;
        try (MllpClient client = new MllpClient("127.0.0.1", mllpPort, 30_000, StandardCharsets.UTF_8)) {
            for (SampleFeed.Sample sample : messages) {
                Ack ack = Ack.parse(client.send(sample.er7()));
                if ("AA".equals(ack.code()) && sample.controlId().equals(ack.controlId())) {
                    acked++;
                }
            }
        }
        return acked;
    }

    private Anchored settle(Hub hub, int acked) throws Exception {
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
        return new Anchored(events.size(), anchored, batches.size(), verified);
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
