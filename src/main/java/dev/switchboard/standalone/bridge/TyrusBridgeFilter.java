package dev.switchboard.standalone.bridge;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.Parameters;
import org.glassfish.grizzly.ssl.SSLBaseFilter;
import org.glassfish.grizzly.utils.Charsets;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.glassfish.tyrus.core.CloseReasons;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.core.Utils;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;

import dev.switchboard.wire.DeflateNegotiation;

/**
 * Connects Grizzly to Tyrus's engine in place of Tyrus's own Grizzly filter, so that the hub owns the raw
 * connection; other requests go on to Jersey. One per listener, before Grizzly's {@code HttpServerFilter}, shared
 * by its connections. See docs/design-notes.md, "The Grizzly–Tyrus bridge".
 */
public final class TyrusBridgeFilter extends BaseFilter {

    /** The reason phrase of each status a handshake refusal can carry (RFC 9110, RFC 6585). */
    private static final Map<Integer, String> REFUSAL_PHRASES = Map.of(400, "Bad Request", 401, "Unauthorized",
            403, "Forbidden", 429, "Too Many Requests",
            503, "Service Unavailable");

    /**
     * What Grizzly's HTTP codec keeps on a connection while a request is in progress, which an upgraded one forever
     * is: the parsed upgrade request with its headers, and the keep-alive state. Dropped at the upgrade, so that an
     * idle connection does not hold them (docs/benchmarks.md, "What we changed and what it bought").
     */
    private static final List<String> HTTP_STATE = List.of("org.glassfish.grizzly.http.HttpServerFilter.HttpRequest",
            "HttpServerFilter.KeepAliveContext");

    private final WebSocketEngine engine;
    private final PendingUpgrades bridges;
    private final long maxMessageBytes;
    private final boolean compression;
    private final ScheduledExecutorService reaper;
    private final Duration linger;
    private final UpgradedFilter upgraded;

    /**
     * @param compression whether to negotiate permessage-deflate with clients that offer it
     * @param kept        the listener's filters upgraded connections keep (TLS, idle timeout), in chain order
     */
    public TyrusBridgeFilter(WebSocketEngine engine, PendingUpgrades bridges, long maxMessageBytes,
            boolean compression, ScheduledExecutorService reaper, Duration linger, List<Filter> kept) {
        this.engine = engine;
        this.upgraded = new UpgradedFilter(kept);
        this.bridges = bridges;
        this.maxMessageBytes = maxMessageBytes;
        this.compression = compression;
        this.reaper = reaper;
        this.linger = linger;
    }

    /**
     * An upgrade the hub does not speak, such as the {@code h2c} that Java's {@code HttpClient} offers on its first
     * request, is ignored as RFC 9110 allows: the request is served as the HTTP/1.1 request it also is. Grizzly would
     * otherwise stop reading its body by {@code Content-Length} and the request would hang.
     */
    @Override
    public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
            HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
            if (header.isRequest() && !"websocket".equalsIgnoreCase(header.getUpgrade())) {
                header.setIgnoreContentModifiers(false);
                header.getUpgradeDC().recycle();
                header.getHeaders().removeHeader(Header.Upgrade);
            }
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        HttpContent message = ctx.getMessage();
        HttpHeader header = message.getHttpHeader();
        if (!header.isRequest() || !"websocket".equalsIgnoreCase(header.getUpgrade())) {
            return ctx.getInvokeAction();
        }
        return handshake(ctx, message);
    }

    private NextAction handshake(FilterChainContext ctx, HttpContent content) {
        HttpRequestPacket request = (HttpRequestPacket) content.getHttpHeader();
        RequestContext upgradeRequest = toUpgradeRequest(request, ClientCertificates.subject(ctx.getConnection()));
        TyrusUpgradeResponse upgradeResponse = new TyrusUpgradeResponse();
        Connection<?> grizzly = ctx.getConnection();
        // With TLS the session's frames must pass the TLS filter: the bridged connection then writes through the
        // connection's filter chain instead of straight to the transport's write queue.
        boolean tls = ctx.getFilterChain().indexOfType(SSLBaseFilter.class) >= 0;
        BridgedConnection bridged = new BridgedConnection(grizzly, reaper, linger, tls);
        // modifyHandshake (inside upgrade) offers the bridged connection to the session as its frame sink.
        bridges.begin(upgradeRequest, bridged);
        try {
            return upgrade(ctx, content, upgradeRequest, upgradeResponse, bridged);
        } finally {
            bridges.end(upgradeRequest);
        }
    }

    private NextAction upgrade(FilterChainContext ctx, HttpContent content, RequestContext upgradeRequest,
            TyrusUpgradeResponse upgradeResponse, BridgedConnection bridged) {
        HttpRequestPacket request = (HttpRequestPacket) content.getHttpHeader();
        WebSocketEngine.UpgradeInfo info = engine.upgrade(upgradeRequest, upgradeResponse);
        switch (info.getStatus()) {
            case SUCCESS -> {
                Connection<?> grizzly = ctx.getConnection();
                // Grizzly's HTTP keep-alive timeout would cut idle WebSockets: liveness is the heartbeat's job.
                IdleTimeoutFilter.setCustomTimeout(grizzly, -1, TimeUnit.MILLISECONDS);
                Optional<String> deflate = compression ? DeflateNegotiation.respond(
                        valuesOf(request, DeflateNegotiation.HEADER)) : Optional.empty();
                deflate.ifPresent(v -> upgradeResponse.getHeaders().put(DeflateNegotiation.HEADER, List.of(v)));
                write(ctx, request, upgradeResponse, false);
                org.glassfish.tyrus.spi.Connection tyrus = info.createConnection(bridged.writer(),
                        reason -> grizzly.closeSilently());
                // From the next read on, the connection's bytes skip the HTTP filters and go to the guard.
                upgraded.attach(grizzly, bridged.guard(tyrus.getReadHandler(), maxMessageBytes,
                        deflate.isPresent()));
                HTTP_STATE.forEach(grizzly.getAttributes()::removeAttribute);
                grizzly.addCloseListener((closeable, type) -> {
                    // The TCP connection is gone, whoever closed it: let Tyrus run @OnClose (1006 if no close frame).
                    tyrus.close(CloseReasons.CLOSED_ABNORMALLY.getCloseReason());
                    UpgradedFilter.detach(grizzly);
                });
                // Frames a client sent right behind its upgrade request arrived with it.
                UpgradedFilter.feed(grizzly, content.getContent());
                content.recycle();
                return ctx.getStopAction();
            }
            case HANDSHAKE_FAILED -> {
                write(ctx, request, upgradeResponse, true);
                content.recycle();
                return ctx.getStopAction();
            }
            default -> {
                return ctx.getInvokeAction();
            }
        }
    }

    private static List<String> valuesOf(HttpRequestPacket request, String header) {
        List<String> values = new ArrayList<>();
        request.getHeaders().values(header).forEach(values::add);
        return values;
    }

    /** @param peer the subject of the client's verified TLS certificate, or null: the request's user principal */
    private static RequestContext toUpgradeRequest(HttpRequestPacket request, Principal peer) {
        Parameters parameters = new Parameters();
        parameters.setQuery(request.getQueryStringDC());
        parameters.setQueryStringEncoding(Charsets.UTF8_CHARSET);
        Map<String, String[]> parameterMap = new HashMap<>();
        for (String name : parameters.getParameterNames()) {
            parameterMap.put(name, parameters.getParameterValues(name));
        }
        RequestContext context = RequestContext.Builder.create()
                .requestURI(URI.create(request.getRequestURI()))
                .queryString(request.getQueryString())
                .parameterMap(parameterMap)
                .secure(request.isSecure())
                .userPrincipal(peer)
                .remoteAddr(request.getRemoteAddress())
                .serverAddr(request.getLocalAddress())
                .serverPort(request.getLocalPort())
                .build();
        for (String name : request.getHeaders().names()) {
            for (String value : request.getHeaders().values(name)) {
                List<String> values = context.getHeaders().get(name);
                if (values == null) {
                    context.getHeaders().put(name, Utils.parseHeaderValue(value.trim()));
                } else {
                    values.addAll(Utils.parseHeaderValue(value.trim()));
                }
            }
        }
        return context;
    }

    private static void write(FilterChainContext ctx, HttpRequestPacket request, UpgradeResponse response,
            boolean refusal) {
        HttpResponsePacket packet = request.getResponse();
        packet.setProtocol(Protocol.HTTP_1_1);
        packet.setStatus(response.getStatus());
        // Tyrus leaves "Switching Protocols" as the reason phrase of a refusal too, and Grizzly knows no phrase for
        // 429: a refusal's phrase is the RFC's.
        if (refusal) {
            packet.setReasonPhrase(REFUSAL_PHRASES.getOrDefault(response.getStatus(), "Refused"));
        } else if (response.getReasonPhrase() != null) {
            packet.setReasonPhrase(response.getReasonPhrase());
        }
        for (Map.Entry<String, List<String>> header : response.getHeaders().entrySet()) {
            packet.setHeader(header.getKey(), Utils.getHeaderFromList(header.getValue()));
        }
        if (!refusal) {
            ctx.write(HttpContent.builder(packet).build());
            return;
        }
        // A refused handshake gets an empty body and the connection is closed once it is written, so no client
        // waits for more.
        packet.setContentLength(0);
        Connection<?> connection = ctx.getConnection();
        ctx.write(HttpContent.builder(packet).last(true).build(), new EmptyCompletionHandler<org.glassfish.grizzly.WriteResult>() {
            @Override
            public void completed(org.glassfish.grizzly.WriteResult result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable error) {
                connection.closeSilently();
            }
        });
    }
}
