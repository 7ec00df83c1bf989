package dev.switchboard.wire;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The server's side of RFC 7692 negotiation: picks the first permessage-deflate offer of a client's
 * {@code Sec-WebSocket-Extensions} it can honour and words the response. The server never takes context over
 * ({@code server_no_context_takeover}, so one compressed broadcast suits every connection) and uses a 32 KiB
 * window, so an offer limiting {@code server_max_window_bits} below 15 is declined. Stateless.
 */
public final class DeflateNegotiation {

    public static final String HEADER = "Sec-WebSocket-Extensions";
    static final String NAME = "permessage-deflate";

    private DeflateNegotiation() {
    }

    /**
     * @param headerValues every value of the request's {@code Sec-WebSocket-Extensions} header
     * @return the response header's value, or empty when no offer is acceptable (no compression)
     */
    public static Optional<String> respond(List<String> headerValues) {
        for (String value : headerValues) {
            for (String offer : value.split(",")) {
                Optional<String> response = respondTo(offer);
                if (response.isPresent()) {
                    return response;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> respondTo(String offer) {
        String[] parts = offer.split(";");
        if (!NAME.equalsIgnoreCase(parts[0].trim())) {
            return Optional.empty();
        }
        StringBuilder response = new StringBuilder(NAME).append("; server_no_context_takeover");
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? kv[1].trim().replace("\"", "") : null;
            if (!seen.add(key)) {
                return Optional.empty();
            }
            switch (key) {
                case "server_no_context_takeover", "client_no_context_takeover" -> {
                    if (value != null) {
                        return Optional.empty();
                    }
                    if (key.startsWith("client")) {
                        response.append("; client_no_context_takeover");
                    }
                }
                case "server_max_window_bits" -> {
                    if (!"15".equals(value)) {
                        return Optional.empty();
                    }
                    response.append("; server_max_window_bits=15");
                }
                case "client_max_window_bits" -> {
                    if (value != null && !validBits(value)) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(response.toString());
    }

    private static boolean validBits(String value) {
        return value.matches("[0-9]{1,2}") && Integer.parseInt(value) >= 8 && Integer.parseInt(value) <= 15;
    }
}
