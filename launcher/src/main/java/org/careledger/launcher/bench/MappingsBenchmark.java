package org.careledger.launcher.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import org.careledger.connectors.hl7.Hl7Parsing;
import org.careledger.crypto.KeyRing;
import org.careledger.mappings.deid.DeidKeys;
import org.careledger.mappings.deid.DeidPolicy;
import org.careledger.mappings.deid.Deidentifier;
import org.careledger.mappings.engine.MappingCatalogue;
import org.careledger.mappings.engine.PatientPseudonyms;
import org.careledger.mappings.event.EventSource;
import org.careledger.mappings.event.Hl7EventMapper;
import org.careledger.mappings.event.MappedEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One message through the routes app's event step, on one thread: HAPI parse, map by the built-in
 * mappings, de-identify by Safe Harbor, serialise the CloudEvent. The baseline in the same run is the
 * HAPI parse alone. The pseudonym vault is an in-memory map here: its PostgreSQL round trip belongs
 * to the ingest benchmark, not to the mapping engine's cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MappingsBenchmark {

    /** Golden message files (mappings/src/test/resources/golden) plus ORU_R01_5OBX, built from ORU_R01. */
    @Param({"ADT_A01", "ORU_R01_5OBX"})
    public String message;

    private HapiContext hapi;
    private Hl7EventMapper mapper;
    private String er7;
    private final EventSource source = new EventSource("bench", "APP", "FAC", "BENCH-1");

    @Setup
    public void setUp() throws Exception {
        Path golden = Path.of(System.getProperty("careledger.home", ".")).resolve("mappings/src/test/resources/golden");
        er7 = message(golden, message);
        hapi = Hl7Parsing.newContext();
        Map<String, String> vault = new ConcurrentHashMap<>();
        PatientPseudonyms pseudonyms = (authority, id) -> vault.computeIfAbsent(authority + "\0" + id, k -> "pt-" + UUID.randomUUID());
        mapper = new Hl7EventMapper(MappingCatalogue.builtIn(),
                new Deidentifier(DeidPolicy.safeHarbor(), Clock.systemUTC(),
                        new DeidKeys(KeyRing.of("k1", new byte[32]), KeyRing.of("k1", new byte[32]))), pseudonyms);
    }

    static String message(Path golden, String name) throws Exception {
        if (name.equals("ORU_R01_5OBX")) {
            String oru = Files.readString(golden.resolve("ORU_R01.hl7"));
            String fifth = "OBX|5|NM|2951-2^Sodium^LN||139|mmol/L^mmol/L^UCUM|136-145|N|||F|||20261101084500-0500\r";
            return oru.replace("NTE|1||", fifth + "NTE|1||");
        }
        return Files.readString(golden.resolve(name + ".hl7"));
    }

    @Benchmark
    public Message hapiParseOnly() throws Exception {
        return Hl7Parsing.parse(hapi, er7);
    }

    @Benchmark
    public List<MappedEvent> parseMapDeidentifySerialize() throws Exception {
        return mapper.map(Hl7Parsing.parse(hapi, er7), source);
    }
}
