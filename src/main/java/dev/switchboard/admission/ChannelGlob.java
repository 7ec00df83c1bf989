package dev.switchboard.admission;

import java.util.regex.Pattern;

/**
 * A channel pattern from a token's claims: {@code *} matches any run of characters except {@code :}, {@code **}
 * any run at all, {@code ${sub}} the user (taken literally), everything else itself. Immutable; thread-safe.
 */
public final class ChannelGlob {

    private static final String SUB = "${sub}";

    private final Pattern pattern;

    private ChannelGlob(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @return the pattern with {@code ${sub}} standing for {@code user} */
    public static ChannelGlob compile(String glob, String user) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            if (glob.startsWith(SUB, i)) {
                regex.append(Pattern.quote(user));
                i += SUB.length();
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (glob.charAt(i) == '*') {
                regex.append("[^:]*");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                i++;
            }
        }
        return new ChannelGlob(Pattern.compile(regex.toString()));
    }

    /** @return whether the whole of {@code channel} matches */
    public boolean matches(String channel) {
        return pattern.matcher(channel).matches();
    }
}
