package org.careledger.launcher.faults;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.careledger.launcher.Hub;

/**
 * Keeps a steady mixed load on a hub, injects faults one at a time with recovery in between, then
 * counts from independent reads of Kafka, PostgreSQL and the chain: {@code ./careledger faults}
 * runs every fault; the end-to-end tests run one each.
 */
public final class FaultSuite {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long the load runs around each fault, and how long the faults last. */
    public record Settings(Duration warmUp, Duration between, Duration settleTimeout, MixedLoad.Pace pace, FaultInjector.Timing timing) {

        /** The full run of {@code ./careledger faults}: a minute of RPC outage, load kept up between faults. */
        public static Settings full() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(300), pace(3),
                    new FaultInjector.Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(90)));
        }

        /** The end-to-end tests' version: the same faults, shorter and lighter, to stay inside CI's time. */
        public static Settings brief() {
            return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(180), pace(2),
                    new FaultInjector.Timing(Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofSeconds(20), Duration.ofSeconds(90)));
        }

        private static MixedLoad.Pace pace(int connections) {
            return new MixedLoad.Pace(connections, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(3), 5,
                    Duration.ofSeconds(2), Duration.ofSeconds(120));
        }
    }

    /** What a run found. */
    public record Outcome(List<Fault> faults, Census.Report report, List<String> notes) {

        public boolean passed() {
            return report.clean() && report.acked() > 0;
        }

        public String json() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("faults", faults.stream().map(Fault::id).toList());
            line.put("sent", report.sent());
            line.put("acked", report.acked());
            line.put("lostAcked", report.lostAcked());
            line.put("duplicateEvents", report.duplicateEvents());
            line.put("unanchoredEvents", report.unanchoredEvents());
            line.put("doubleSettlements", report.doubleSettlements());
            line.put("proofsVerified", report.proofsVerified());
            line.put("rawRecords", report.rawRecords());
            line.put("events", report.events());
            line.put("eventCopies", report.eventCopies());
            line.put("anchoredEvents", report.anchoredEvents());
            line.put("claimsAcked", report.claimsAcked());
            line.put("settlements", report.settlements());
            line.put("unsettledClaims", report.unsettledClaims());
            line.put("deadLetters", report.deadLetters());
            try {
                return JSON.writeValueAsString(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final PrintStream out;
    private final Settings settings;

    public FaultSuite(PrintStream out, Settings settings) {
        this.out = out;
        this.settings = settings;
    }

    public Outcome run(Hub hub, Path home, List<Fault> faults) throws Exception {
        String run = Long.toString(System.currentTimeMillis() % 10_000_000, 36).toUpperCase(java.util.Locale.ROOT);
        LoadLedger ledger = new LoadLedger();
        // one payer per chain: its key (anvil account 9) can act for one participant only
        String payer = "PAYER-FAULTS";
        String claimMrn = "MRNC-" + run;
        Census.Start start = Census.Start.of(hub);
        MixedLoad load = new MixedLoad(hub, run, ledger, settings.pace(), home, claimMrn, payer);
        if (hub.endpoints().claims() != null) {
            LoadPayer.onboard(hub, load, payer, load.admission("FLTP-" + run, claimMrn));
        }
        FaultInjector injector = new FaultInjector(hub, load, settings.timing());
        List<String> timeline = new ArrayList<>();
        load.start();
        try {
            Thread.sleep(settings.warmUp().toMillis());
            for (Fault fault : faults) {
                long t0 = System.nanoTime();
                out.printf("fault %-24s %s%n", fault.id(), fault.description());
                injector.inject(fault, ledger, run);
                timeline.add(String.format("%s: %.1f s", fault.id(), (System.nanoTime() - t0) / 1e9));
                Thread.sleep(settings.between().toMillis());
            }
        } finally {
            load.stop();
        }
        load.readInboxAcks();
        Census census = new Census(hub, start);
        out.println("load stopped; waiting for every acknowledged message to be anchored and every claim settled...");
        census.awaitSettled(ledger.all().stream().filter(e -> e.acked).toList(), settings.settleTimeout());
        load.readInboxAcks();
        Census.Report report = census.count(ledger);
        List<String> notes = new ArrayList<>(injector.notes());
        notes.addAll(timeline);
        Outcome outcome = new Outcome(faults, report, notes);
        print(outcome, ledger);
        return outcome;
    }

    private void print(Outcome o, LoadLedger ledger) {
        Census.Report r = o.report();
        out.println();
        for (String note : o.notes()) {
            out.println("  " + note);
        }
        out.println();
        out.printf("| %-44s | %10s |%n", "count (independent reads)", "value");
        out.printf("|%s|%s|%n", "-".repeat(46), "-".repeat(12));
        row("messages sent (MLLP, FHIR, inbox, claims)", r.sent());
        row("  of which MLLP / FHIR / inbox / claims", ledger.count(LoadLedger.Channel.MLLP) + " / " + ledger.count(LoadLedger.Channel.FHIR)
                + " / " + ledger.count(LoadLedger.Channel.INBOX) + " / " + ledger.count(LoadLedger.Channel.CLAIM));
        row("answered AA / 202", r.acked());
        row("refused (AR / 4xx)", r.refused());
        row("raw records on Kafka", r.rawRecords());
        row("distinct events on Kafka", r.events());
        row("event records on Kafka (with redeliveries)", r.eventCopies());
        row("acknowledged events anchored (PostgreSQL)", r.anchoredEvents());
        row("proofs verified on chain", r.proofsVerified());
        row("claims acknowledged / settled on chain", r.claimsAcked() + " / " + r.settlements());
        row("lost acknowledged messages", r.lostAcked());
        row("events anchored twice", r.duplicateEvents());
        row("acknowledged events not anchored", r.unanchoredEvents());
        row("claims settled twice", r.doubleSettlements());
        row("dead letters (the load sends no bad input)", r.deadLetters());
        for (String p : r.problems()) {
            out.println("  problem: " + p);
        }
        out.println(o.json());
    }

    private void row(String name, Object value) {
        out.printf("| %-44s | %10s |%n", name, value);
    }
}
