package org.careledger.launcher;

/** Nearest-rank percentiles for the benchmarks' tables. */
final class Percentile {

    private Percentile() {
    }

    /** The value at rank ⌈p·n⌉ of an ascending array, or NaN when it is empty. */
    static double nearestRank(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }
}
