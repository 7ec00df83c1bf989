package dev.switchboard.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A {@link WsClient} sink that takes the {@code message} frames of one channel and checks, as they arrive, that
 * their offsets run 1, 2, 3… with no gap, repeat or reordering. Other frames are left for {@link WsClient#next()}.
 * Thread-safe to read from the test thread.
 */
public final class OffsetTracker implements Predicate<String> {

    private static final String OFFSET = "\"offset\":";

    private final String channelField;
    private final AtomicLong last = new AtomicLong();
    private final AtomicReference<String> firstProblem = new AtomicReference<>();

    public OffsetTracker(String channel) {
        this.channelField = "\"channel\":\"" + channel + "\"";
    }

    @Override
    public boolean test(String frame) {
        if (!frame.startsWith("{\"type\":\"message\"") || !frame.contains(channelField)) {
            return false;
        }
        int at = frame.indexOf(OFFSET) + OFFSET.length();
        int end = at;
        while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
            end++;
        }
        long offset = Long.parseLong(frame.substring(at, end));
        long expected = last.get() + 1;
        if (offset != expected) {
            firstProblem.compareAndSet(null, "expected offset " + expected + ", got " + offset);
        }
        last.set(offset);
        return true;
    }

    /** @return the last offset received */
    public long last() {
        return last.get();
    }

    /** @return the first ordering problem seen, or null */
    public String problem() {
        return firstProblem.get();
    }
}
