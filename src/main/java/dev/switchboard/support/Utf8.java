package dev.switchboard.support;

/** Sizes of text on the wire: WebSocket text frames are UTF-8. Stateless and thread-safe. */
public final class Utf8 {

    private Utf8() {
    }

    /** @return the number of bytes {@code s} takes in UTF-8 (an unpaired surrogate counts as the 3 bytes of U+FFFD) */
    public static long length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
