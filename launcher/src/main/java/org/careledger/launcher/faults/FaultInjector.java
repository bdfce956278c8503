package org.careledger.launcher.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.utils.Utils;
import org.careledger.devstack.KafkaCluster;
import org.careledger.devstack.StackEndpoints;
import org.careledger.launcher.Hub;

/** Injects one fault into a running hub and waits for it to be repaired: what an operator or a crash does. */
final class FaultInjector {

    /** Durations of the faults that have one. */
    record Timing(Duration brokerDown, Duration postgresDown, Duration rpcDown, Duration sigtermGrace) {
    }

    static final String RAW_TOPIC = "careledger.hl7v2.raw";

    private final Hub hub;
    private final MixedLoad load;
    private final Timing timing;
    private final List<String> notes = new ArrayList<>();

    FaultInjector(Hub hub, MixedLoad load, Timing timing) {
        this.hub = hub;
        this.load = load;
        this.timing = timing;
    }

    /** What the faults did, one line each (which node was killed, the exit code of a SIGTERM). */
    List<String> notes() {
        return notes;
    }

    void inject(Fault fault, LoadLedger ledger, String run) throws Exception {
        switch (fault) {
            case LEADER_KILL -> bounce(cluster().replicasOf(RAW_TOPIC, rawPartition()).get(0), "leader");
            case FOLLOWER_KILL -> bounce(cluster().replicasOf(RAW_TOPIC, rawPartition()).get(1), "follower");
            case ROUTES_KILL -> {
                hub.routesApp().killAndRestart();
                notes.add("routes app SIGKILLed and restarted");
            }
            case ROUTES_TERM -> {
                int exit = hub.routesApp().terminateAndRestart(timing.sigtermGrace());
                notes.add("routes app exited " + exit + " after SIGTERM");
                if (exit != 0 && exit != 143) {
                    throw new IllegalStateException("the routes app exited " + exit + " after SIGTERM, not cleanly");
                }
            }
            case BRIDGE_KILL_ANCHORING -> {
                boolean caught = awaitRow(hub.endpoints().bridgeJdbcUrl(), "SELECT count(*) FROM batch WHERE status IN ('pending', 'sent')");
                hub.bridgeApp().killAndRestart();
                notes.add("bridge SIGKILLed " + (caught ? "with a batch unconfirmed" : "(no batch caught unconfirmed)"));
            }
            case CLAIMS_KILL_SETTLING -> {
                boolean caught = awaitRow(hub.endpoints().claimsJdbcUrl(), "SELECT count(*) FROM claim WHERE status IN ('received', 'submitted')");
                hub.claimsApp().killAndRestart();
                notes.add("claims app SIGKILLed " + (caught ? "with a claim being settled" : "(no claim caught unsettled)"));
            }
            case POSTGRES_RESTART -> {
                var postgres = hub.stack().postgres().orElseThrow(() -> new IllegalStateException("PostgreSQL is external: cannot restart it"));
                long t0 = System.nanoTime();
                postgres.stop();
                boolean died = rebalanceAnchoringUntilItsLoopRestarts(Duration.ofSeconds(45));
                Thread.sleep(Math.max(0, timing.postgresDown().toMillis() - (System.nanoTime() - t0) / 1_000_000));
                postgres.start();
                notes.add("PostgreSQL down " + (System.nanoTime() - t0) / 1_000_000_000 + " s, with a rebalance of the anchoring group"
                        + " meanwhile; " + (died ? "the anchoring loop died and was restarted" : "the anchoring loop did not die")
                        + "; bridge loop restarts so far: " + loopRestarts());
            }
            case RPC_OUTAGE -> {
                var gate = hub.rpcGate().orElseThrow(() -> new IllegalStateException("the hub was started without fault injection"));
                gate.cut();
                Thread.sleep(timing.rpcDown().toMillis());
                gate.restore();
                notes.add("chain RPC cut for " + timing.rpcDown().toSeconds() + " s");
            }
            case RESEND_DURING_FAILOVER -> resendDuringFailover(ledger, run);
        }
    }

    /** SIGKILLs a broker, keeps it down, starts it on its own log again and waits for its replicas to catch up. */
    private void bounce(int node, String role) throws Exception {
        KafkaCluster cluster = cluster();
        cluster.kill(node);
        Thread.sleep(timing.brokerDown().toMillis());
        cluster.startNode(node);
        cluster.awaitAllBrokers();
        cluster.awaitInSync(Duration.ofSeconds(120));
        notes.add("broker " + node + " (" + role + " of " + RAW_TOPIC + "/" + rawPartition() + ") SIGKILLed, down "
                + timing.brokerDown().toSeconds() + " s");
    }

    /**
     * One message sent on a connection while its partition's leader is SIGKILLed, and the same bytes
     * sent on a second connection before the first has its answer, until both are answered.
     */
    private void resendDuringFailover(LoadLedger ledger, String run) throws Exception {
        String id = "FLTR-" + run;
        String er7 = load.admission(id, "MRNR1");
        LoadLedger.Entry first = ledger.sent(LoadLedger.Channel.MLLP, id, org.careledger.launcher.EventIds.hl7(MixedLoad.FEED, er7));
        LoadLedger.Entry second = new LoadLedger.Entry(LoadLedger.Channel.MLLP, id + "#2", first.eventId);
        int leader = cluster().replicasOf(RAW_TOPIC, rawPartition()).get(0);
        Thread a = new Thread(() -> load.deliver(first, er7), "resend-a");
        Thread b = new Thread(() -> load.deliver(second, er7), "resend-b");
        a.start();
        cluster().kill(leader);
        b.start();
        Thread.sleep(timing.brokerDown().toMillis());
        cluster().startNode(leader);
        a.join(120_000);
        b.join(120_000);
        cluster().awaitAllBrokers();
        cluster().awaitInSync(Duration.ofSeconds(120));
        notes.add("message " + id + " sent twice across the failover of broker " + leader + ": " + (first.acked ? "AA" : "no AA")
                + " and " + (second.acked ? "AA" : "no AA"));
        if (!second.acked) {
            throw new IllegalStateException("the resend of " + id + " was never acknowledged");
        }
    }

    /**
     * A second member joins the bridge's anchoring group and stays until the bridge's anchoring loop
     * has been restarted (or {@code timeout}): the rebalance's partition assignment needs PostgreSQL
     * (the stored batch ranges) while it is down, so the loop cannot resume and must come back by
     * itself. Staying until then makes the bridge take part in the rebalance whatever it was busy
     * with when the member joined.
     */
    private boolean rebalanceAnchoringUntilItsLoopRestarts(Duration timeout) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.putAll(hub.endpoints().kafka().operator().config());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, "careledger-ledger-bridge");
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        String before = loopRestarts();
        try (var member = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            member.subscribe(java.util.regex.Pattern.compile("careledger\\.events\\..*"));
            long until = System.nanoTime() + timeout.toNanos();
            long nextCheck = 0;
            while (System.nanoTime() < until) {
                member.poll(Duration.ofMillis(200));
                if (System.nanoTime() > nextCheck) {
                    if (!loopRestarts().equals(before)) {
                        return true;
                    }
                    nextCheck = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
            }
        }
        return false;
    }

    /** The bridge's count of loop restarts (SupervisedLoops), from its Prometheus metrics. */
    private String loopRestarts() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.bridgeUrl() + "/q/metrics"))
                .header("Authorization", "Bearer " + hub.issuer().token("metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(l -> l.startsWith("careledger_loops_restarts_total"))
                .map(l -> l.replaceAll(".*loop=\"([^\"]+)\".*\\s([0-9.]+)$", "$1=$2")).toList().toString();
    }

    /** Waits up to 30 s for the query (against that app's database) to count a row; true when it did. */
    private boolean awaitRow(String jdbcUrl, String countQuery) throws Exception {
        StackEndpoints e = hub.endpoints();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection c = DriverManager.getConnection(jdbcUrl, e.jdbcUsername(), e.jdbcPassword());
             PreparedStatement s = c.prepareStatement(countQuery)) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return true;
                    }
                }
                Thread.sleep(20);
            }
        }
        return false;
    }

    private KafkaCluster cluster() {
        return hub.stack().kafkaCluster().orElseThrow(() -> new IllegalStateException("broker faults need the three-broker cluster"));
    }

    /** The partition the feed's raw records go to: Kafka's default partitioner on the key (the feed id). */
    /** The raw topic's partition the load's feed lands on, as Kafka's default partitioner picks it for the feed id key. */
    private int rawPartition() throws Exception {
        int partitions = cluster().partitionCount(RAW_TOPIC);
        return Utils.toPositive(Utils.murmur2(MixedLoad.FEED.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }
}
