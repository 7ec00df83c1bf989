package dev.switchboard.support;

/**
 * Reads the trace id out of a W3C {@code traceparent} header ({@code 00-<32 hex>-<16 hex>-<2 hex>}), so that log
 * lines of a connection or a published message can be joined with the caller's trace. Stateless and thread-safe.
 */
public final class TraceParent {

    private TraceParent() {
    }

    /** @return the 32-hex-digit trace id, or null when the header is absent or malformed */
    public static String traceId(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() < 55 || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
            return null;
        }
        String id = h.substring(3, 35);
        if (!isLowerHex(h.substring(0, 2)) || !isLowerHex(id) || !isLowerHex(h.substring(36, 52))
                || id.chars().allMatch(c -> c == '0') || h.startsWith("ff")) {
            return null;
        }
        return id;
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
