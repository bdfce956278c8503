package org.careledger.launcher;

import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.careledger.contracts.AnchorDeployment;
import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.EventAnchor;
import org.careledger.devstack.AnvilNode;
import org.careledger.devstack.KafkaAccess;
import org.careledger.devstack.StackEndpoints;
import org.careledger.platform.events.EventSignature;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * {@code ./careledger bench ledger}: the ledger bridge on the embedded stack (anvil, a block a
 * second, 2 confirmations). It anchors a burst of synthetic events through the bridge app, then a
 * steady trickle for latency, measures gas per event for several batch sizes against one anchor
 * per event (the baseline), and times proof look-ups over HTTP against the same rows read directly
 * from PostgreSQL.
 */
public final class LedgerBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] BATCH_SIZES = {1, 10, 100, 1_000, 10_000};

    private final PrintStream out;
    private final int events;

    public LedgerBench(PrintStream out, int events) {
        this.out = out;
        this.events = events;
    }

    public void run(Path home, Path runDir, Map<String, String> env) throws Exception {
        try (Hub hub = Hub.start(home, runDir, new Hub.Options(HubPorts.ephemeral(), 5_000, 2, env))) {
            StackEndpoints e = hub.endpoints();
            createTopics(e.kafka().operator(), "careledger.events.bench", "careledger.events.bench-steady");

            // the bridge subscribes by pattern: let it see the new topics before the clock starts
            EventSignature.Signer signer = hub.issuer().eventKey().signer();
            produce(e.kafka().operator(), "careledger.events.bench", signed(1, signer), 0);
            produce(e.kafka().operator(), "careledger.events.bench-steady", signed(1, signer), 0);
            awaitConfirmed(e, "careledger.events.bench", 1, Duration.ofMinutes(2));
            awaitConfirmed(e, "careledger.events.bench-steady", 1, Duration.ofMinutes(2));

            // signed as the routes app signs them, before the clock starts: the bench measures the bridge
            List<Event> burst = signed(events, signer);
            List<Event> steady = signed(2_000, signer);
            out.printf("producing %,d events, then waiting until every one is in a confirmed batch%n", events);
            long start = System.nanoTime();
            Map<String, Long> sentAt = produce(e.kafka().operator(), "careledger.events.bench", burst, 0);
            long produced = System.nanoTime();
            awaitConfirmed(e, "careledger.events.bench", events + 1, Duration.ofMinutes(20));
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] burstLatency = latencies(e, sentAt);

            out.println("steady phase: 2,000 events at about 200 events/s");
            Map<String, Long> steadySent = produce(e.kafka().operator(), "careledger.events.bench-steady", steady, 5);
            awaitConfirmed(e, "careledger.events.bench-steady", 2_001, Duration.ofMinutes(5));
            double[] steadyLatency = latencies(e, steadySent);

            List<String[]> gas = gasPerEvent(e);
            double[][] lookups = lookups(hub, e, new ArrayList<>(sentAt.keySet()).subList(0, Math.min(2_000, sentAt.size())));

            out.println();
            out.println("| measure | value |");
            out.println("|---|---|");
            out.printf("| events anchored through the bridge (burst) | %,d |%n", events);
            out.printf("| producing them took | %.1f s |%n", (produced - start) / 1e9);
            out.printf("| events/s, first produced to last confirmed | %,.0f |%n", events / seconds);
            out.printf("| event → confirmed anchor, burst, p50 / p95 | %.2f s / %.2f s |%n", burstLatency[0], burstLatency[1]);
            out.printf("| event → confirmed anchor, steady 200/s, p50 / p95 | %.2f s / %.2f s |%n", steadyLatency[0], steadyLatency[1]);
            out.printf("| batches for the burst | %d |%n", batchCount(e, "careledger.events.bench"));
            out.println();
            out.println("| batch size | gas used (anchor tx) | gas per event | proof siblings | proof bytes (hex JSON array) |");
            out.println("|---:|---:|---:|---:|---:|");
            for (String[] row : gas) {
                out.printf("| %s | %s | %s | %s | %s |%n", (Object[]) row);
            }
            out.println("(batch size 1 is the baseline: one anchor transaction per event)");
            out.println();
            out.println("| proof look-up (2,000 ids, sequential) | p50 ms | p99 ms |");
            out.println("|---|---:|---:|");
            out.printf("| GET /proofs/{eventId} on the bridge | %.2f | %.2f |%n", lookups[0][0], lookups[0][1]);
            out.printf("| baseline: the same row by JDBC | %.2f | %.2f |%n", lookups[1][0], lookups[1][1]);
        }
    }

    private static void createTopics(KafkaAccess kafka, String... topics) throws Exception {
        try (Admin admin = Admin.create(kafka.config())) {
            List<NewTopic> create = new ArrayList<>();
            for (String t : topics) {
                create.add(new NewTopic(t, 3, (short) 1));
            }
            admin.createTopics(create).all().get();
        }
    }

    /** Synthetic de-identified CloudEvents; {@code pauseEveryTen} ms between groups of ten (0 = burst). */
    /** One synthetic event: its id, its key and its signed CloudEvent. */
    private record Event(String id, String subject, byte[] json) {
    }

    private static List<Event> signed(int n, EventSignature.Signer signer) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = "bench-" + run + "-" + i;
            String subject = "pt-" + (i % 997);
            Map<String, Object> event = Map.of("specversion", "1.0", "id", id, "source", "/careledger/bench",
                    "type", "org.careledger.observation.recorded.v1", "subject", subject, "datacontenttype", "application/fhir+json",
                    "data", Map.of("resourceType", "Observation", "status", "final", "valueQuantity", Map.of("value", i % 200, "unit", "mg/dL")));
            out.add(new Event(id, subject, signer.sign(JSON.writeValueAsBytes(event))));
        }
        return out;
    }

    private static Map<String, Long> produce(KafkaAccess kafka, String topic, List<Event> events, int pauseEveryTen) throws Exception {
        Properties props = new Properties();
        props.putAll(kafka.config());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        Map<String, Long> sentAt = new HashMap<>(events.size() * 2);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                sentAt.put(event.id(), System.currentTimeMillis());
                producer.send(new ProducerRecord<>(topic, event.subject(), event.json()));
                if (pauseEveryTen > 0 && i % 10 == 9) {
                    producer.flush();
                    Thread.sleep(pauseEveryTen * 10L);
                }
            }
            producer.flush();
        }
        return sentAt;
    }

    private static Connection bridgeDb(StackEndpoints e) throws Exception {
        return DriverManager.getConnection(e.bridgeJdbcUrl(), e.jdbcUsername(), e.jdbcPassword());
    }

    private static void awaitConfirmed(StackEndpoints e, String topic, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = bridgeDb(e); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM event_proof p JOIN batch b ON b.batch_id = p.batch_id WHERE p.topic = ? AND b.status = 'confirmed'")) {
            s.setString(1, topic);
            while (true) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= n) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not all " + n + " events of " + topic + " were confirmed in " + timeout);
                }
                Thread.sleep(200);
            }
        }
    }

    /** p50 and p95, in seconds, of confirmed_at minus the time each event was handed to the producer. */
    private static double[] latencies(StackEndpoints e, Map<String, Long> sentAt) throws Exception {
        double[] values = new double[sentAt.size()];
        int i = 0;
        try (Connection c = bridgeDb(e); PreparedStatement s = c.prepareStatement(
                "SELECT p.event_id, b.confirmed_at FROM event_proof p JOIN batch b ON b.batch_id = p.batch_id WHERE p.event_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", sentAt.keySet().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp confirmed = rs.getTimestamp(2);
                    values[i++] = (confirmed.getTime() - sentAt.get(rs.getString(1))) / 1000.0;
                }
            }
        }
        double[] sorted = Arrays.copyOf(values, i);
        Arrays.sort(sorted);
        return new double[] {Percentile.nearestRank(sorted, 0.50), Percentile.nearestRank(sorted, 0.95)};
    }

    private static int batchCount(StackEndpoints e, String topic) throws Exception {
        try (Connection c = bridgeDb(e); PreparedStatement s = c.prepareStatement(
                "SELECT count(DISTINCT batch_id) FROM batch_range WHERE topic = ?")) {
            s.setString(1, topic);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** One real anchor per batch size on a fresh contract: the gas does not depend on the batch size, so per event it falls as 1/n. */
    private static List<String[]> gasPerEvent(StackEndpoints e) throws Exception {
        List<String[]> rows = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        try (ChainSession admin = new ChainSession(e.rpcUrl(), e.chainId(), AnvilNode.DEPLOYER_KEY, ChainSession.FeeCaps.gwei(100, 2, 3_000_000))) {
            String contract = AnchorDeployment.deploy(admin, Credentials.create(AnvilNode.DEPLOYER_KEY).getAddress());
            EventAnchor anchor = EventAnchor.load(contract, admin.web3j(), admin.transactions(), admin.gas());
            for (int size : BATCH_SIZES) {
                byte[] batchId = new byte[32];
                random.nextBytes(batchId);
                byte[] root = Hash.sha3(batchId);
                TransactionReceipt receipt = anchor.anchor(batchId, root, BigInteger.valueOf(size)).send();
                long gas = receipt.getGasUsed().longValueExact();
                int siblings = size == 1 ? 0 : 64 - Long.numberOfLeadingZeros(size - 1);
                int proofBytes = siblings == 0 ? 2 : siblings * 68 + (siblings - 1) + 2;
                rows.add(new String[] {String.format("%,d", size), String.format("%,d", gas), String.format("%,.1f", (double) gas / size),
                        Integer.toString(siblings), Integer.toString(proofBytes)});
            }
        }
        return rows;
    }

    private static double[][] lookups(Hub hub, StackEndpoints e, List<String> ids) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        double[] viaHttp = new double[ids.size()];
        double[] viaJdbc = new double[ids.size()];
        for (int round = 0; round < 2; round++) { // first round warms both paths up
            for (int i = 0; i < ids.size(); i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hub.bridgeUrl() + "/proofs/" + ids.get(i))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("proof look-up answered " + r.statusCode());
                }
                viaHttp[i] = (System.nanoTime() - t0) / 1e6;
            }
            try (Connection c = bridgeDb(e); PreparedStatement s = c.prepareStatement(
                    "SELECT p.event_id, p.event_hash, p.leaf, p.proof, b.root, b.batch_id, b.chain_id, b.contract, b.tx_hash, b.block_number"
                            + " FROM event_proof p JOIN batch b ON b.batch_id = p.batch_id WHERE p.event_id = ? AND b.status = 'confirmed'")) {
                for (int i = 0; i < ids.size(); i++) {
                    long t0 = System.nanoTime();
                    s.setString(1, ids.get(i));
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        rs.getArray(4).getArray();
                    }
                    viaJdbc[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        Arrays.sort(viaHttp);
        Arrays.sort(viaJdbc);
        return new double[][] {
                {Percentile.nearestRank(viaHttp, 0.5), Percentile.nearestRank(viaHttp, 0.99)},
                {Percentile.nearestRank(viaJdbc, 0.5), Percentile.nearestRank(viaJdbc, 0.99)}};
    }
}
