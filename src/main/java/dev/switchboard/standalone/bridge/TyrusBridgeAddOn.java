package dev.switchboard.standalone.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLBaseFilter;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * Puts a {@link TyrusBridgeFilter} right before Grizzly's {@link HttpServerFilter}, ahead of Jersey, made for the
 * listener's chain: it gets the chain's {@link SSLBaseFilter} and {@link IdleTimeoutFilter}, which upgraded
 * connections keep.
 */
public final class TyrusBridgeAddOn implements AddOn {

    private final Function<List<Filter>, TyrusBridgeFilter> filter;

    /**
     * @param filter makes the bridge, given the listener's filters that upgraded connections keep (its TLS and
     *               idle-timeout filters, those it has, in its chain's order)
     */
    public TyrusBridgeAddOn(Function<List<Filter>, TyrusBridgeFilter> filter) {
        this.filter = filter;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int index = builder.indexOfType(HttpServerFilter.class);
        if (index < 0) {
            throw new IllegalStateException("Grizzly's HttpServerFilter is missing from the filter chain");
        }
        List<Filter> kept = new ArrayList<>();
        for (Class<? extends Filter> type : List.of(SSLBaseFilter.class, IdleTimeoutFilter.class)) {
            int at = builder.indexOfType(type);
            if (at >= 0) {
                kept.add(builder.get(at));
            }
        }
        builder.add(index, filter.apply(kept));
    }
}
