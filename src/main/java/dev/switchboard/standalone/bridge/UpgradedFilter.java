package dev.switchboard.standalone.bridge;

import java.io.IOException;
import java.util.List;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.grizzly.ssl.SSLBaseFilter;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.glassfish.tyrus.spi.ReadHandler;

/**
 * The filter chain of a connection once it is a WebSocket: the transport, the listener's {@link SSLBaseFilter}
 * (with TLS) and {@link IdleTimeoutFilter}, then this filter, handing raw bytes to the connection's
 * {@link ReadHandler} (its size gate). Stateless; one per listener. See docs/design-notes.md, "The Grizzly–Tyrus
 * bridge".
 */
final class UpgradedFilter extends BaseFilter {

    /** A key, like a {@code ThreadLocal}: the state lives on each connection. */
    private static final Attribute<ReadHandler> READER =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(UpgradedFilter.class.getName() + ".reader");

    private final FilterChain chain;

    /**
     * @param kept the listener's filters an upgraded connection keeps, in the listener chain's order: its TLS
     *             filter (whose per-connection state lives on the connection, and which must keep its index in
     *             the listener's chain, right after the transport) and its idle-timeout filter
     */
    UpgradedFilter(List<Filter> kept) {
        FilterChainBuilder builder = FilterChainBuilder.stateless().add(new TransportFilter());
        kept.forEach(builder::add);
        this.chain = builder.add(this).build();
    }

    /** Moves {@code connection} onto the WebSocket chain, its input going to {@code reader} from the next read. */
    void attach(Connection<?> connection, ReadHandler reader) {
        READER.set(connection, reader);
        connection.setProcessor(chain);
    }

    /** Hands {@code data} to the connection's reader; for bytes that arrived with the upgrade request. */
    static void feed(Connection<?> connection, Buffer data) {
        ReadHandler reader = READER.get(connection);
        if (reader != null) {
            deliver(reader, data);
        }
    }

    /** Forgets the connection's reader once it has closed. */
    static void detach(Connection<?> connection) {
        READER.remove(connection);
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Buffer buffer = ctx.getMessage();
        ReadHandler reader = READER.get(ctx.getConnection());
        if (reader != null) {
            deliver(reader, buffer);
        }
        return ctx.getStopAction();
    }

    private static void deliver(ReadHandler reader, Buffer buffer) {
        if (!buffer.hasRemaining()) {
            return;
        }
        if (!buffer.isComposite()) {
            reader.handle(buffer.toByteBuffer());
            return;
        }
        ByteBufferArray array = buffer.toByteBufferArray();
        for (int i = 0; i < array.size(); i++) {
            reader.handle(array.getArray()[i]);
        }
        array.recycle();
    }
}
