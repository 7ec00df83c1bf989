package dev.switchboard.container;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.admission.Admission;
import dev.switchboard.admission.AdmissionDecision;
import dev.switchboard.admission.Authentication;
import dev.switchboard.admission.BearerToken;
import dev.switchboard.config.HubConfig;
import dev.switchboard.endpoint.AdmittedHandshakes;
import dev.switchboard.endpoint.HandshakeInfo;
import dev.switchboard.support.ContainerExecutors;
import dev.switchboard.support.TraceParent;

/**
 * Inside an application server: runs {@link Admission} on each upgrade request to {@code /ws} before the container
 * upgrades it, refusing with a plain 401/403/429/503, and passes accepted ones on size-limited. Portable;
 * thread-safe.
 * See docs/design-notes.md, "Handshake admission in an application server".
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class UpgradeAdmissionFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeAdmissionFilter.class);

    private Admission guard;
    private Authentication authentication;
    private AdmittedHandshakes handoff;
    private HubConfig config;
    private Optional<ScheduledExecutorService> scheduler;

    @Override
    public void init(FilterConfig filterConfig) {
        // Servlet filters are created by the container with no constructor arguments: look the beans up once.
        this.guard = CDI.current().select(Admission.class).get();
        this.authentication = CDI.current().select(Authentication.class).get();
        this.handoff = CDI.current().select(AdmittedHandshakes.class).get();
        this.config = CDI.current().select(HubConfig.class).get();
        // The guarded connection's close linger runs on the server's scheduler: the hub starts no thread in a server.
        this.scheduler = ContainerExecutors.scheduler();
        if (scheduler.isEmpty()) {
            LOG.warn("No {}: WebSocket frames are not size-guarded before the container buffers them",
                    ContainerExecutors.DEFAULT_SCHEDULED_EXECUTOR);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response
                && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            String address = request.getRemoteAddr();
            AdmissionDecision decision = guard.evaluate(request.getHeader("Origin"), request.getHeader("Host"),
                    address);
            if (decision.accepted()) {
                decision = authentication.admit(BearerToken.from(request.getHeader("Authorization"),
                        request.getParameter(BearerToken.QUERY_PARAMETER)).orElse(null), request.getUserPrincipal(),
                        address);
            }
            if (!decision.accepted()) {
                refuse(response, decision);
                return;
            }
            String key = request.getHeader("Sec-WebSocket-Key");
            HandshakeInfo info = new HandshakeInfo(decision.user(), address,
                    TraceParent.traceId(request.getHeader("traceparent")), decision.effectiveIdentity());
            if (key != null) {
                handoff.put(key, info);
            }
            try {
                int limit = config.limits().maxMessageBytes();
                chain.doFilter(scheduler.isPresent()
                        ? new SizeLimitedUpgradeRequest(request, limit, scheduler.get()) : req, res);
            } finally {
                if (key != null) {
                    handoff.end(key, info);
                }
            }
            return;
        }
        chain.doFilter(req, res);
    }

    private static void refuse(HttpServletResponse response, AdmissionDecision decision) throws IOException {
        response.setStatus(decision.status());
        response.setHeader("Connection", "close");
        if (decision.wwwAuthenticate() != null) {
            response.setHeader("WWW-Authenticate", decision.wwwAuthenticate());
        }
        if (decision.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Integer.toString(decision.retryAfterSeconds()));
        }
        response.setContentLength(0);
        response.flushBuffer();
    }
}
