package dev.switchboard.admission;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a WebSocket ({@code allowed.origins}): in a pattern {@code *} stands for one host
 * label or the port, a lone {@code *} allows all; with none, the hub's own origin and loopback ({@code localhost},
 * {@code 127.0.0.1}, {@code [::1]}, any port) are allowed. Immutable. See docs/security.md, "Origin check".
 */
public final class OriginPolicy {

    private static final List<String> LOCAL = List.of("http://localhost:*", "http://127.0.0.1:*",
            "http://[::1]:*");

    private final List<String> patterns;

    public OriginPolicy(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /**
     * @param origin the request's {@code Origin} header (not null)
     * @param host   the request's {@code Host} header, or null
     * @return whether the origin may connect
     */
    public boolean allows(String origin, String host) {
        Parsed o = Parsed.of(origin);
        if (o == null) {
            return false;
        }
        if (patterns.isEmpty()) {
            if (host != null && o.authority().equals(host.toLowerCase(Locale.ROOT))
                    && (o.scheme().equals("http") || o.scheme().equals("https"))) {
                return true;
            }
            return LOCAL.stream().anyMatch(p -> matches(p, o));
        }
        return patterns.stream().anyMatch(p -> p.equals("*") || matches(p, o));
    }

    private static boolean matches(String pattern, Parsed origin) {
        int schemeEnd = pattern.indexOf("://");
        if (schemeEnd < 0 || !pattern.substring(0, schemeEnd).equalsIgnoreCase(origin.scheme())) {
            return false;
        }
        String rest = pattern.substring(schemeEnd + 3).toLowerCase(Locale.ROOT);
        String hostPattern = rest;
        String portPattern = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf(']')) {
            hostPattern = rest.substring(0, colon);
            portPattern = rest.substring(colon + 1);
        }
        if (!hostMatches(hostPattern, origin.host())) {
            return false;
        }
        if ("*".equals(portPattern)) {
            return true;
        }
        int wanted = portPattern == null ? defaultPort(origin.scheme()) : parsePort(portPattern);
        return wanted == origin.port();
    }

    private static boolean hostMatches(String pattern, String host) {
        String[] p = pattern.split("\\.", -1);
        String[] h = host.split("\\.", -1);
        if (p.length != h.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!p[i].equals("*") && !p[i].equals(h[i])) {
                return false;
            }
        }
        return true;
    }

    private static int parsePort(String port) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** An origin split into its parts; the port is explicit or the scheme's default. */
    private record Parsed(String scheme, String host, int port, String authority) {

        static Parsed of(String origin) {
            try {
                URI uri = new URI(origin.trim());
                if (uri.getScheme() == null || uri.getHost() == null) {
                    return null;
                }
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                String host = uri.getHost().toLowerCase(Locale.ROOT);
                int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
                String authority = uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
                return new Parsed(scheme, host, port, authority);
            } catch (java.net.URISyntaxException e) {
                return null;
            }
        }
    }
}
