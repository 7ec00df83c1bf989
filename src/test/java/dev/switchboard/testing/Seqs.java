package dev.switchboard.testing;

import java.util.Arrays;

/**
 * A growable list of message sequence numbers, as primitives: a cluster test's subscribers each keep thousands.
 * Not thread-safe: its owner guards it.
 */
final class Seqs {

    private long[] values = new long[256];
    private int size;

    void add(long seq) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = seq;
    }

    int size() {
        return size;
    }

    boolean equalTo(long[] expected) {
        return Arrays.equals(values, 0, size, expected, 0, expected.length);
    }

    /**
     * @return as {@link #differenceFrom(long[])} for this list with the seqs of {@code inDoubt} left out, or which
     *         seq in doubt appears more than once
     */
    String differenceFrom(long[] expected, long[] inDoubt) {
        Seqs certain = new Seqs();
        for (int i = 0; i < size; i++) {
            long seq = values[i];
            if (Arrays.stream(inDoubt).noneMatch(d -> d == seq)) {
                certain.add(seq);
            } else if (Arrays.stream(values, 0, i).anyMatch(v -> v == seq)) {
                return "seq " + seq + " (in doubt) received twice";
            }
        }
        return certain.differenceFrom(expected);
    }

    /** @return the first position where this list and {@code expected} differ, described; "" if they are equal */
    String differenceFrom(long[] expected) {
        int common = Math.min(size, expected.length);
        for (int i = 0; i < common; i++) {
            if (values[i] != expected[i]) {
                return "at #" + i + " received seq " + values[i] + ", expected " + expected[i] + " (received "
                        + size + " of " + expected.length + ")";
            }
        }
        if (size == expected.length) {
            return "";
        }
        return size < expected.length
                ? "received " + size + " of " + expected.length + ", next missing seq " + expected[size]
                : "received " + (size - expected.length) + " more than expected, first extra seq "
                        + values[common];
    }
}
