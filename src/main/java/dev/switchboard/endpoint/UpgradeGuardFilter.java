package dev.switchboard.endpoint;

import java.io.IOException;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.switchboard.auth.HandshakeDecision;
import dev.switchboard.auth.HandshakeGuard;
import dev.switchboard.support.TraceParent;

/**
 * Inside an application server: runs the {@link HandshakeGuard} on every upgrade request to {@code /ws} before the
 * container upgrades it, and refuses with a plain {@code 403}/{@code 429}/{@code 503} ({@code Retry-After} for
 * capacity, {@code Content-Length: 0}, {@code Connection: close}). Portable: no server's WebSocket classes are named
 * (Tyrus's {@code HandshakeException} does not exist on WildFly). An accepted request's user, address and trace id go
 * to {@link CdiConfigurator} through the {@link HandshakeHandoff}. Not used by the standalone runtime, which has no
 * servlet container. Thread-safe.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class UpgradeGuardFilter implements Filter {

    private HandshakeGuard guard;
    private HandshakeHandoff handoff;

    @Override
    public void init(FilterConfig filterConfig) {
        // Servlet filters are created by the container with no constructor arguments: look the beans up once.
        this.guard = CDI.current().select(HandshakeGuard.class).get();
        this.handoff = CDI.current().select(HandshakeHandoff.class).get();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response
                && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            String address = request.getRemoteAddr();
            HandshakeDecision decision = guard.evaluate(request.getHeader("Origin"), request.getHeader("Host"),
                    address);
            if (!decision.accepted()) {
                refuse(response, decision);
                return;
            }
            String key = request.getHeader("Sec-WebSocket-Key");
            if (key != null) {
                handoff.put(key, new HandshakeInfo(decision.user(), address,
                        TraceParent.traceId(request.getHeader("traceparent"))));
            }
        }
        chain.doFilter(req, res);
    }

    private static void refuse(HttpServletResponse response, HandshakeDecision decision) throws IOException {
        response.setStatus(decision.status());
        response.setHeader("Connection", "close");
        if (decision.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Integer.toString(decision.retryAfterSeconds()));
        }
        response.setContentLength(0);
        response.flushBuffer();
    }
}
