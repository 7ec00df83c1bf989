package dev.switchboard.standalone;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonStreamContext;

import net.logstash.logback.mask.ValueMasker;

/**
 * Masks credentials in every string field of the JSON log (logback.xml): JWTs, {@code access_token} query values
 * and Bearer credentials become {@code ****}. A value holding none of their markers is passed through without
 * running a regular expression, so an ordinary line (each connection's open and close) costs one scan.
 */
public final class CredentialMasker implements ValueMasker {

    /** What replaces a credential. */
    static final String MASK = "****";
    private static final String JWT_MARKER = "eyJ";
    private static final String QUERY_MARKER = "access_token=";
    private static final String BEARER_MARKER = "bearer ";
    private static final List<Pattern> CREDENTIALS = List.of(
            Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*"),
            Pattern.compile("(?i)(?<=access_token=)[^&\\s\"]+"),
            Pattern.compile("(?i)(?<=bearer )[^\\s\"]+"));

    /** @return the value with its credentials masked, or null when it holds none (logstash keeps it as it is) */
    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (!(value instanceof CharSequence text) || !mayHoldCredential(text)) {
            return null;
        }
        String masked = text.toString();
        boolean changed = false;
        for (Pattern credential : CREDENTIALS) {
            Matcher m = credential.matcher(masked);
            if (m.find()) {
                masked = m.replaceAll(MASK);
                changed = true;
            }
        }
        return changed ? masked : null;
    }

    /**
     * @return whether {@code text} holds a marker every credential pattern needs (a JWT's {@code eyJ}, or either
     *         prefix in any case): a superset of what the patterns match, so nothing they would mask is skipped
     */
    static boolean mayHoldCredential(CharSequence text) {
        String s = text.toString();
        if (s.contains(JWT_MARKER)) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (c == 'a' && s.regionMatches(true, i, QUERY_MARKER, 0, QUERY_MARKER.length())
                    || c == 'b' && s.regionMatches(true, i, BEARER_MARKER, 0, BEARER_MARKER.length())) {
                return true;
            }
        }
        return false;
    }
}
