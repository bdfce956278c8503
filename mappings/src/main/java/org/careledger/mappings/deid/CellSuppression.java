package org.careledger.mappings.deid;

/**
 * Small-cell suppression for any count table released from de-identified data (the research queries
 * build on it): a count from 1 to {@value #LARGEST_SMALL_CELL} is never published, and neither is any
 * count from which one could be worked out again.
 *
 * <p>The table is released with its row and column totals and grand total. Every row of that extended
 * table (cells and its total) and every column is a sum, so an entry hidden alone in its line is
 * recovered by subtraction. After the small entries are hidden, each line with exactly one hidden
 * entry has its smallest visible non-zero entry hidden too (complementary suppression), until no line
 * has exactly one. Percentages are computed from published counts only and so reveal nothing more.
 * Two hidden entries in a line still bound each other; that interval is accepted, as in common
 * statistical-agency practice for primary plus complementary suppression.
 */
public final class CellSuppression {

    public static final int LARGEST_SMALL_CELL = 10;

    private CellSuppression() {
    }

    /** A released table: cells and totals, with {@code null} where a count is suppressed. */
    public record Released(Integer[][] cells, Integer[] rowTotals, Integer[] columnTotals, Integer grandTotal) {

        /** The published share of a cell in its row, or null when either count is suppressed. */
        public Double rowPercent(int row, int column) {
            Integer cell = cells[row][column];
            Integer total = rowTotals[row];
            return cell == null || total == null || total == 0 ? null : 100.0 * cell / total;
        }
    }

    public static Released release(long[][] counts) {
        int rows = counts.length;
        int columns = rows == 0 ? 0 : counts[0].length;
        // the extended table: cells, a total column, a total row, the grand total in the corner
        long[][] table = new long[rows + 1][columns + 1];
        for (int r = 0; r < rows; r++) {
            if (counts[r].length != columns) {
                throw new IllegalArgumentException("counts: every row needs " + columns + " columns");
            }
            for (int c = 0; c < columns; c++) {
                if (counts[r][c] < 0) {
                    throw new IllegalArgumentException("counts: a count cannot be negative");
                }
                table[r][c] = counts[r][c];
                table[r][columns] += counts[r][c];
                table[rows][c] += counts[r][c];
                table[rows][columns] += counts[r][c];
            }
        }
        boolean[][] hidden = new boolean[rows + 1][columns + 1];
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= columns; c++) {
                hidden[r][c] = isSmall(table[r][c]);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r <= rows; r++) {
                changed |= protect(table, hidden, r, -1);
            }
            for (int c = 0; c <= columns; c++) {
                changed |= protect(table, hidden, -1, c);
            }
        }
        Integer[][] cells = new Integer[rows][columns];
        Integer[] rowTotals = new Integer[rows];
        Integer[] columnTotals = new Integer[columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                cells[r][c] = shown(table, hidden, r, c);
            }
            rowTotals[r] = shown(table, hidden, r, columns);
        }
        for (int c = 0; c < columns; c++) {
            columnTotals[c] = shown(table, hidden, rows, c);
        }
        return new Released(cells, rowTotals, columnTotals, shown(table, hidden, rows, columns));
    }

    static boolean isSmall(long count) {
        return count >= 1 && count <= LARGEST_SMALL_CELL;
    }

    private static Integer shown(long[][] table, boolean[][] hidden, int r, int c) {
        return hidden[r][c] ? null : Math.toIntExact(table[r][c]);
    }

    /**
     * In line {@code r} (a row; {@code c} = -1) or {@code c} (a column; {@code r} = -1): when exactly one
     * entry is hidden, hides the smallest visible one, non-zero first (a zero hidden beside it would
     * still give it away). Returns whether it hid one.
     */
    private static boolean protect(long[][] table, boolean[][] hidden, int r, int c) {
        int length = r >= 0 ? table[r].length : table.length;
        int hiddenCount = 0;
        int best = -1;
        for (int i = 0; i < length; i++) {
            int row = r >= 0 ? r : i;
            int column = r >= 0 ? i : c;
            if (hidden[row][column]) {
                hiddenCount++;
                continue;
            }
            long value = table[row][column];
            long bestValue = best < 0 ? -1 : table[r >= 0 ? r : best][r >= 0 ? best : c];
            if (best < 0 || (value > 0 && (bestValue == 0 || value < bestValue))) {
                best = i;
            }
        }
        if (hiddenCount != 1 || best < 0) {
            return false;
        }
        hidden[r >= 0 ? r : best][r >= 0 ? best : c] = true;
        return true;
    }
}
