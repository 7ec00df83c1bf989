package dev.switchboard.cluster;

/**
 * The text a publish script sends on a channel's pub/sub channel, and its reading:
 * {@code <offset>\n<epoch>\n<time ms>\n<data>\n<from>}. The data is compact JSON (never a raw line break); the
 * publisher's name, last, may hold anything. Pure functions.
 */
final class PubSubMessages {

    /** A message as it arrived over pub/sub, before it is encoded into a frame. */
    record Received(long offset, String epoch, long timeMillis, String data, String from) {
    }

    private PubSubMessages() {
    }

    /** @return the text the Lua script builds (for tests; the script builds it itself) */
    static String encode(long offset, String epoch, long timeMillis, String data, String from) {
        return offset + "\n" + epoch + "\n" + timeMillis + "\n" + data + "\n" + from;
    }

    /** @return the message, or null when {@code text} is not in the format (the caller counts and drops it) */
    static Received decode(String text) {
        int a = text.indexOf('\n');
        int b = a < 0 ? -1 : text.indexOf('\n', a + 1);
        int c = b < 0 ? -1 : text.indexOf('\n', b + 1);
        int d = c < 0 ? -1 : text.indexOf('\n', c + 1);
        if (d < 0 || d == c + 1) {
            return null;
        }
        try {
            long offset = Long.parseLong(text.substring(0, a));
            long time = Long.parseLong(text.substring(b + 1, c));
            return offset < 1 ? null
                    : new Received(offset, text.substring(a + 1, b), time, text.substring(c + 1, d),
                            text.substring(d + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
