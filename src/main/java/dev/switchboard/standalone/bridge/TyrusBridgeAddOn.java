package dev.switchboard.standalone.bridge;

import java.util.function.Function;

import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * Puts a {@link TyrusBridgeFilter} right before Grizzly's {@link HttpServerFilter}, ahead of Jersey, made for the
 * listener's chain: it gets the chain's {@link IdleTimeoutFilter}, which upgraded connections keep.
 */
public final class TyrusBridgeAddOn implements AddOn {

    private final Function<IdleTimeoutFilter, TyrusBridgeFilter> filter;

    /** @param filter makes the bridge, given the listener's idle-timeout filter (null if it has none) */
    public TyrusBridgeAddOn(Function<IdleTimeoutFilter, TyrusBridgeFilter> filter) {
        this.filter = filter;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int index = builder.indexOfType(HttpServerFilter.class);
        if (index < 0) {
            throw new IllegalStateException("Grizzly's HttpServerFilter is missing from the filter chain");
        }
        int idle = builder.indexOfType(IdleTimeoutFilter.class);
        builder.add(index, filter.apply(idle < 0 ? null : (IdleTimeoutFilter) builder.get(idle)));
    }
}
