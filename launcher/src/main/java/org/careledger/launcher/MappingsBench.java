package org.careledger.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.careledger.launcher.bench.MappingsBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./careledger bench mappings [types]}: JMH, one fork, one thread, for each message type the
 * full event step and bare HAPI parsing side by side; prints a table with the ratio and the goal.
 */
final class MappingsBench {

    /** Every golden message type, and the five-OBX result the goal names. */
    static final List<String> ALL = List.of("ADT_A01", "ADT_A02", "ADT_A03", "ADT_A04", "ADT_A08", "ADT_A11", "ADT_A13", "ADT_A28",
            "ADT_A31", "ADT_A40", "ORU_R01", "ORU_R01_5OBX", "ORM_O01", "OML_O21", "RDE_O11", "RDS_O13", "VXU_V04", "SIU_S12",
            "MDM_T02", "DFT_P03", "BAR_P01");
    private static final double GOAL = 3_000;

    private final PrintStream out;
    private final List<String> types;

    MappingsBench(PrintStream out, List<String> types) {
        this.out = out;
        this.types = types;
    }

    void run(Path home) throws Exception {
        Options options = new OptionsBuilder()
                .include(MappingsBenchmark.class.getName())
                .param("message", types.toArray(String[]::new))
                .forks(1).threads(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Dcareledger.home=" + home, "-Xmx1g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> byType = new TreeMap<>();
        for (RunResult r : results) {
            String type = r.getParams().getParam("message");
            double[] row = byType.computeIfAbsent(type, k -> new double[2]);
            boolean baseline = r.getParams().getBenchmark().endsWith("hapiParseOnly");
            row[baseline ? 0 : 1] = r.getPrimaryResult().getScore();
        }
        out.println();
        out.println("Mapping engine, one thread (messages/s per core; JMH 1 fork per type, 5 x 1 s after 3 x 2 s warm-up)");
        out.printf("%-14s %16s %22s %8s %s%n", "message", "HAPI parse only", "parse+map+deid+json", "ratio", "goal (>= 3,000/s)");
        for (String type : types) {
            double[] row = byType.get(type);
            if (row == null) {
                continue;
            }
            boolean goalApplies = type.equals("ADT_A01") || type.equals("ORU_R01_5OBX");
            out.printf("%-14s %16.0f %22.0f %8.2f %s%n", type, row[0], row[1], row[1] / row[0],
                    goalApplies ? (row[1] >= GOAL ? "met" : "MISSED") : "");
        }
    }
}
