package dev.switchboard.protocol;

/**
 * The channel naming rule: 1–128 characters of {@code [A-Za-z0-9_.:@-]}. The part before the first {@code :} is
 * the namespace; a channel without {@code :} is in the namespace {@code default}.
 */
public final class ChannelNames {

    /** The longest channel name, in characters. */
    public static final int MAX_LENGTH = 128;
    /** The naming rule, as error messages state it. */
    public static final String RULE = "Channel names are 1-128 characters of A-Z a-z 0-9 _ . : @ -";
    /** The namespace of channels whose name has no {@code :}. */
    public static final String DEFAULT_NAMESPACE = "default";

    private ChannelNames() {
    }

    /** @return whether the name follows the naming rule */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '@' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** @return the namespace of a valid channel name */
    public static String namespace(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? DEFAULT_NAMESPACE : name.substring(0, colon);
    }
}
