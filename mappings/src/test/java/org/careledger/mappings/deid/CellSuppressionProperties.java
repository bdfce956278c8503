package org.careledger.mappings.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** BAD-INPUTS 36: small cells of any released count table stay hidden, also from totals and percentages. */
class CellSuppressionProperties {

    @Provide
    Arbitrary<long[][]> tables() {
        return Arbitraries.integers().between(1, 6).flatMap(rows -> Arbitraries.integers().between(1, 6).flatMap(columns ->
                Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 0)),
                                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(1, 10)),
                                net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(11, 500)))
                        .array(long[].class).ofSize(columns).array(long[][].class).ofSize(rows)));
    }

    @Property(tries = 2000)
    void noSmallCountIsPublishedOrRecoverableFromTheTotals(@ForAll("tables") long[][] counts) {
        CellSuppression.Released released = CellSuppression.release(counts);
        int rows = counts.length;
        int columns = counts[0].length;
        Long[][] table = new Long[rows + 1][columns + 1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                table[r][c] = released.cells()[r][c] == null ? null : released.cells()[r][c].longValue();
                assertThat(table[r][c] == null || table[r][c].equals(counts[r][c])).as("a published cell is the true count").isTrue();
            }
            table[r][columns] = released.rowTotals()[r] == null ? null : released.rowTotals()[r].longValue();
        }
        for (int c = 0; c < columns; c++) {
            table[rows][c] = released.columnTotals()[c] == null ? null : released.columnTotals()[c].longValue();
        }
        table[rows][columns] = released.grandTotal() == null ? null : released.grandTotal().longValue();
        for (Long[] line : table) {
            assertLine(java.util.Arrays.asList(line));
        }
        for (int c = 0; c <= columns; c++) {
            final int column = c;
            assertLine(java.util.Arrays.stream(table).map(line -> line[column]).toList());
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                Double percent = released.rowPercent(r, c);
                if (percent != null && released.rowTotals()[r] != null) {
                    long derived = Math.round(percent * released.rowTotals()[r] / 100.0);
                    assertThat(CellSuppression.isSmall(derived)).as("a small count derived from a percentage").isFalse();
                }
            }
        }
    }

    /** In every row and column of the released table with its totals, no count is small and none is alone in being hidden. */
    private static void assertLine(List<Long> line) {
        long hidden = line.stream().filter(v -> v == null).count();
        assertThat(hidden).as("entries hidden in one line: 1 could be recovered by subtraction").isNotEqualTo(1);
        assertThat(line.stream().filter(v -> v != null).noneMatch(CellSuppression::isSmall)).as("a small count published").isTrue();
    }

    @Example
    void aSingleSmallCellTakesItsSmallestNeighboursWithIt() {
        CellSuppression.Released released = CellSuppression.release(new long[][] {{3, 40, 57}, {25, 30, 45}});
        assertThat(released.cells()[0][0]).isNull();
        assertThat(released.cells()[1][0]).as("complement in the same column").isNull();
        assertThat(released.cells()[0][1]).as("complement in the same row").isNull();
        assertThat(released.rowTotals()[0]).isEqualTo(100);
        assertThat(released.grandTotal()).isEqualTo(200);
    }
}
