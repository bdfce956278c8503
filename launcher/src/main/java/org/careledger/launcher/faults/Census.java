package org.careledger.launcher.faults;

import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.careledger.contracts.ChainSession;
import org.careledger.contracts.generated.ClaimSettlement;
import org.careledger.contracts.generated.EventAnchor;
import org.careledger.devstack.AnvilNode;
import org.careledger.devstack.StackEndpoints;
import org.careledger.launcher.Hub;
import org.careledger.launcher.TopicReader;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Counts what happened to the load from independent reads, not from the apps' own answers: the raw
 * and event topics on Kafka, the bridge's batches and proofs in PostgreSQL, and the anchors,
 * proofs and settlements on the chain, compared with what the senders were told.
 */
public final class Census {

    private static final Pattern RAW_HL7 = Pattern.compile("careledger\\.hl7v2\\.raw");
    private static final Pattern RAW_FHIR = Pattern.compile("careledger\\.fhir\\.raw");
    private static final Pattern EVENTS = Pattern.compile("careledger\\.events\\..*");
    private static final Pattern DLQ = Pattern.compile("careledger\\.dlq");
    private static final Set<String> TERMINAL_CLAIM = Set.of("settled", "partially-settled", "denied", "rejected");

    /** Where the topics and the chain stood when the run began. */
    record Start(Map<String, Long> rawHl7, Map<String, Long> rawFhir, Map<String, Long> events, Map<String, Long> deadLetters,
                 BigInteger block) {

        static Start of(Hub hub) throws Exception {
            var kafka = hub.endpoints().kafka().operator();
            try (ChainSession chain = reader(hub)) {
                return new Start(TopicReader.endOffsets(kafka, RAW_HL7), TopicReader.endOffsets(kafka, RAW_FHIR),
                        TopicReader.endOffsets(kafka, EVENTS), TopicReader.endOffsets(kafka, DLQ),
                        chain.web3j().ethBlockNumber().send().getBlockNumber());
            }
        }
    }

    /** The counts, and what does not add up. */
    public record Report(long sent, long acked, long refused, long rawRecords, long events, long eventCopies, long anchoredEvents,
                  long proofsVerified, long claimsAcked, long settlements, long unsettledClaims, long deadLetters, long lostAcked,
                  long duplicateEvents, long unanchoredEvents, long doubleSettlements, List<String> problems) {

        public boolean clean() {
            return lostAcked == 0 && duplicateEvents == 0 && unanchoredEvents == 0 && doubleSettlements == 0 && unsettledClaims == 0
                    && deadLetters == 0 && proofsVerified == anchoredEvents;
        }
    }

    private final Hub hub;
    private final Start start;

    Census(Hub hub, Start start) {
        this.hub = hub;
        this.start = start;
    }

    /** Waits until every acknowledged message is anchored and every acknowledged claim settled, or {@code timeout}. */
    void awaitSettled(List<LoadLedger.Entry> acked, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> ids = eventIds(acked);
            Set<String> claims = eventIds(acked.stream().filter(e -> e.channel == LoadLedger.Channel.CLAIM).toList());
            if (anchored(ids).keySet().containsAll(ids) && terminalClaims(claims).containsAll(claims)) {
                return;
            }
            Thread.sleep(2_000);
        }
    }

    Report count(LoadLedger ledger) throws Exception {
        List<String> problems = new ArrayList<>();
        List<LoadLedger.Entry> all = ledger.all();
        List<LoadLedger.Entry> acked = all.stream().filter(e -> e.acked).toList();
        var kafka = hub.endpoints().kafka().operator();

        Set<String> rawControlIds = new HashSet<>();
        List<TopicReader.Record> rawHl7 = TopicReader.readSince(kafka, RAW_HL7, start.rawHl7());
        rawHl7.forEach(r -> rawControlIds.add(r.headers().getOrDefault("careledger-control-id", "")));
        long rawFhir = TopicReader.readSince(kafka, RAW_FHIR, start.rawFhir()).size();
        Map<String, Integer> copies = new HashMap<>();
        for (TopicReader.Record r : TopicReader.readSince(kafka, EVENTS, start.events())) {
            r.cloudEventId().ifPresent(id -> copies.merge(id, 1, Integer::sum));
        }

        Map<String, StoredProof> anchored = anchored(eventIds(acked));
        long lost = 0;
        long unanchored = 0;
        for (LoadLedger.Entry e : acked) {
            boolean hasRaw = e.channel == LoadLedger.Channel.FHIR || rawControlIds.contains(e.key);
            if (!hasRaw || !copies.containsKey(e.eventId)) {
                lost++;
                if (problems.size() < 20) {
                    problems.add(e.channel + " " + e.key + " was acknowledged but has " + (hasRaw ? "no event" : "no raw record"));
                }
            } else if (!anchored.containsKey(e.eventId)) {
                unanchored++;
                if (problems.size() < 20) {
                    problems.add(e.channel + " " + e.key + ": event " + e.eventId + " is not anchored");
                }
            }
        }

        long verified = 0;
        long duplicates;
        long settlements;
        long doubleSettled = 0;
        try (ChainSession chain = reader(hub)) {
            StackEndpoints e = hub.endpoints();
            EventAnchor anchor = EventAnchor.load(e.anchorContract(), chain.web3j(), chain.transactions(), chain.gas());
            for (Map.Entry<String, StoredProof> p : anchored.entrySet()) {
                StoredProof proof = p.getValue();
                if (Boolean.TRUE.equals(anchor.verify(Numeric.hexStringToByteArray(proof.batchId()),
                        Numeric.hexStringToByteArray(proof.eventHash()), proof.proof()).send())) {
                    verified++;
                } else if (problems.size() < 20) {
                    problems.add("proof of " + p.getKey() + " does not verify on chain");
                }
            }
            // every batch anchored since the start, with the event count its anchor logged: more events
            // logged than distinct events stored means some event was anchored in two batches
            Map<String, Long> loggedCounts = new HashMap<>();
            for (Log log : logs(chain, e.anchorContract(), EventEncoder.encode(EventAnchor.BATCHANCHORED_EVENT))) {
                EventAnchor.BatchAnchoredEventResponse r = EventAnchor.getBatchAnchoredEventFromLog(log);
                loggedCounts.put(Numeric.toHexString(r.batchId), r.eventCount.longValue());
            }
            long logged = loggedCounts.values().stream().mapToLong(Long::longValue).sum();
            duplicates = Math.max(0, logged - storedEvents(loggedCounts.keySet()));
            Map<String, Integer> outcomes = new HashMap<>();
            if (e.claims() != null) {
                for (var event : List.of(ClaimSettlement.CLAIMSETTLED_EVENT, ClaimSettlement.CLAIMPARTIALLYSETTLED_EVENT,
                        ClaimSettlement.CLAIMDENIED_EVENT)) {
                    for (Log log : logs(chain, e.claims().settlement(), EventEncoder.encode(event))) {
                        outcomes.merge(log.getTopics().get(1), 1, Integer::sum);
                    }
                }
            }
            settlements = outcomes.size();
            for (Map.Entry<String, Integer> o : outcomes.entrySet()) {
                if (o.getValue() > 1) {
                    doubleSettled += o.getValue() - 1;
                    problems.add("claim " + o.getKey() + " has " + o.getValue() + " settlements on chain");
                }
            }
        }
        if (duplicates > 0) {
            problems.add(duplicates + " events anchored in more than one batch");
        }
        Set<String> ackedClaims = eventIds(acked.stream().filter(x -> x.channel == LoadLedger.Channel.CLAIM).toList());
        Set<String> unsettled = new HashSet<>(ackedClaims);
        unsettled.removeAll(terminalClaims(ackedClaims));
        if (!unsettled.isEmpty()) {
            problems.add(unsettled.size() + " acknowledged claims have no outcome");
        }
        // the load sends only good messages: a dead letter here is an outage taken for the message's fault
        long deadLetters = TopicReader.readSince(kafka, DLQ, start.deadLetters()).size();
        if (deadLetters > 0) {
            problems.add(deadLetters + " dead letters written during the run");
        }
        long events = copies.size();
        long eventCopies = copies.values().stream().mapToLong(Integer::longValue).sum();
        return new Report(all.size(), acked.size(), all.stream().filter(x -> x.refused).count(), rawHl7.size() + rawFhir, events,
                eventCopies, anchored.size(), verified, ackedClaims.size(), settlements, unsettled.size(), deadLetters, lost, duplicates,
                unanchored,
                doubleSettled, problems);
    }

    private static Set<String> eventIds(List<LoadLedger.Entry> entries) {
        Set<String> ids = new HashSet<>();
        entries.forEach(e -> ids.add(e.eventId));
        return ids;
    }

    /** A stored proof whose batch is confirmed. */
    record StoredProof(String batchId, String eventHash, List<byte[]> proof) {
    }

    private Map<String, StoredProof> anchored(Set<String> eventIds) throws Exception {
        Map<String, StoredProof> out = new HashMap<>();
        try (Connection c = bridgeDb(); PreparedStatement s = c.prepareStatement(
                "SELECT p.event_id, p.batch_id, p.event_hash, p.proof FROM event_proof p JOIN batch b ON b.batch_id = p.batch_id"
                        + " WHERE b.status = 'confirmed' AND p.event_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", eventIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Array proof = rs.getArray(4);
                    List<byte[]> nodes = new ArrayList<>();
                    for (Object node : (Object[]) proof.getArray()) {
                        nodes.add(Numeric.hexStringToByteArray((String) node));
                    }
                    out.put(rs.getString(1), new StoredProof(rs.getString(2), rs.getString(3), nodes));
                }
            }
        }
        return out;
    }

    private long storedEvents(Set<String> batchIds) throws Exception {
        try (Connection c = bridgeDb(); PreparedStatement s = c.prepareStatement(
                "SELECT count(DISTINCT event_id) FROM event_proof WHERE batch_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", batchIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Set<String> terminalClaims(Set<String> claimEventIds) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = claimsDb(); PreparedStatement s = c.prepareStatement(
                "SELECT event_id, status FROM claim WHERE event_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", claimEventIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (TERMINAL_CLAIM.contains(rs.getString(2))) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private List<Log> logs(ChainSession chain, String contract, String topic) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(start.block()), DefaultBlockParameterName.LATEST, contract);
        filter.addSingleTopic(topic);
        List<Log> out = new ArrayList<>();
        for (EthLog.LogResult<?> r : chain.web3j().ethGetLogs(filter).send().getLogs()) {
            out.add((Log) r.get());
        }
        return out;
    }

    private Connection bridgeDb() throws Exception {
        StackEndpoints e = hub.endpoints();
        return DriverManager.getConnection(e.bridgeJdbcUrl(), e.jdbcUsername(), e.jdbcPassword());
    }

    private Connection claimsDb() throws Exception {
        StackEndpoints e = hub.endpoints();
        return DriverManager.getConnection(e.claimsJdbcUrl(), e.jdbcUsername(), e.jdbcPassword());
    }

    /** A read-only look at the chain: straight to the node, not through the bridge's gate. */
    private static ChainSession reader(Hub hub) {
        StackEndpoints e = hub.endpoints();
        return new ChainSession(e.rpcUrl(), e.chainId(), AnvilNode.DEPLOYER_KEY, ChainSession.FeeCaps.gwei(100, 2, 3_000_000));
    }
}
