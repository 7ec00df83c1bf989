package dev.switchboard.standalone.bridge;

import java.io.IOException;

import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.ContentEncoding;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * Grizzly's HTTP server codec with request line plus headers bounded by {@code max.header.bytes}, answering a
 * request over it with 431 (Grizzly's own answer is 400), {@code Content-Length: 0}, and closing the connection.
 * Replaces the listener's codec, configured as that one was. Stateless; shared by the listener's connections.
 */
final class HeaderLimitCodec extends HttpServerFilter {

    private final Runnable onOversize;

    /**
     * @param original   the codec the listener made, whose settings this one takes over
     * @param onOversize runs once for each request answered 431 (on a selector thread; must not block)
     */
    @SuppressWarnings("deprecation")
    HeaderLimitCodec(NetworkListener listener, HttpServerFilter original, int maxHeaderBytes,
            Runnable onOversize) {
        // The same arguments Grizzly's HttpServer passes, but the header size.
        super(listener.isChunkingEnabled(), maxHeaderBytes, null, listener.getKeepAlive(), null,
                listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders());
        for (ContentEncoding encoding : original.getContentEncodings()) {
            addContentEncoding(encoding);
        }
        setAllowPayloadForUndefinedHttpMethods(original.isAllowPayloadForUndefinedHttpMethods());
        setMaxPayloadRemainderToSkip(original.getMaxPayloadRemainderToSkip());
        getMonitoringConfig().addProbes(original.getMonitoringConfig().getProbes());
        this.onOversize = onOversize;
    }

    @Override
    protected void onHttpHeaderError(HttpHeader header, FilterChainContext ctx, Throwable t) throws IOException {
        // Grizzly's parser reports a head over its limit as "HTTP packet header (or initial line) is too large".
        if (t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().endsWith("too large")
                && header instanceof HttpRequestPacket request) {
            HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.setValues(request.getResponse());
            onOversize.run();
        }
        super.onHttpHeaderError(header, ctx, t);
    }
}
