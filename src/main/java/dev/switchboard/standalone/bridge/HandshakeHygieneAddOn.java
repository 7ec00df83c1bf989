package dev.switchboard.standalone.bridge;

import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Bounds every request before it is served, WebSocket handshakes included: the listener's HTTP codec becomes a
 * {@link HeaderLimitCodec} (431 over {@code max.header.bytes}), with {@link HandshakeDeadlines}' filters on either
 * side of it. Register it before the {@link TyrusBridgeAddOn}.
 */
public final class HandshakeHygieneAddOn implements AddOn {

    private final int maxHeaderBytes;
    private final HandshakeDeadlines deadlines;
    private final Runnable onOversize;

    /** @param onOversize runs for each request answered 431 (on a selector thread; must not block) */
    public HandshakeHygieneAddOn(int maxHeaderBytes, HandshakeDeadlines deadlines, Runnable onOversize) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.deadlines = deadlines;
        this.onOversize = onOversize;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("Grizzly's HTTP codec is missing from the filter chain");
        }
        builder.set(codec, new HeaderLimitCodec(listener, (HttpServerFilter) builder.get(codec), maxHeaderBytes,
                onOversize));
        builder.add(codec + 1, deadlines.ending());
        builder.add(codec, deadlines.starting());
    }
}
