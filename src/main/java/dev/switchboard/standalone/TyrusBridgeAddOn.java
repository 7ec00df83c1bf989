package dev.switchboard.standalone;

import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;

/** Puts the {@link TyrusBridgeFilter} right before Grizzly's {@link HttpServerFilter}, ahead of Jersey. */
final class TyrusBridgeAddOn implements AddOn {

    private final TyrusBridgeFilter filter;

    TyrusBridgeAddOn(TyrusBridgeFilter filter) {
        this.filter = filter;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int index = builder.indexOfType(HttpServerFilter.class);
        if (index < 0) {
            throw new IllegalStateException("Grizzly's HttpServerFilter is missing from the filter chain");
        }
        builder.add(index, filter);
    }
}
