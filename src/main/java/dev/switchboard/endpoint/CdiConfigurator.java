package dev.switchboard.endpoint;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.switchboard.admission.Admission;
import dev.switchboard.admission.AdmissionDecision;
import dev.switchboard.admission.Authentication;
import dev.switchboard.admission.BearerToken;
import dev.switchboard.support.TraceParent;

/**
 * Gets endpoint instances from CDI and runs {@link Admission} on every handshake no upgrade filter judged,
 * refusing through the runtime's {@link HandshakeRefusal}; pass your own container where several run in one JVM.
 * Thread-safe. See docs/design-notes.md, "Refusing a handshake" and "Endpoints bound to one hub's container".
 */
public class CdiConfigurator extends ServerEndpointConfig.Configurator {

    private final Instance<Object> beans;
    private final HandshakeRefusal refusal;
    /** The admission beans of {@link #beans}, looked up once (their client proxies); null until the first use. */
    private volatile Gate gate;

    /** The beans that judge a handshake. */
    private record Gate(AdmittedHandshakes admitted, Admission admission, Authentication authentication) {

        static Gate of(Instance<Object> beans) {
            return new Gate(beans.select(AdmittedHandshakes.class).get(), beans.select(Admission.class).get(),
                    beans.select(Authentication.class).get());
        }
    }

    /** Looks beans up with {@code CDI.current()}; for containers that instantiate the configurator themselves. */
    public CdiConfigurator() {
        this.beans = null;
        this.refusal = HandshakeRefusal.PORTABLE;
    }

    /**
     * @param beans   the container whose beans serve this endpoint
     * @param refusal how this runtime refuses a handshake
     */
    public CdiConfigurator(Instance<Object> beans, HandshakeRefusal refusal) {
        this.beans = beans;
        this.refusal = refusal;
    }

    private Instance<Object> beans() {
        return beans != null ? beans : CDI.current();
    }

    /**
     * @return the admission beans: with a given container resolved once (a race resolves the same proxies twice),
     *         with {@code CDI.current()} on every handshake, since the current container may change
     */
    private Gate gate() {
        if (beans == null) {
            return Gate.of(CDI.current());
        }
        Gate g = gate;
        if (g == null) {
            g = Gate.of(beans);
            gate = g;
        }
        return g;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return beans().select(endpointClass).get();
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    /**
     * Inside an application server {@code container.UpgradeAdmissionFilter} has already judged the request: only
     * record what it learned. Otherwise (the standalone runtime) judge it here and refuse through the runtime's
     * {@link HandshakeRefusal}.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Gate g = gate();
        var filtered = g.admitted().take(header(request.getHeaders(), "Sec-WebSocket-Key"));
        if (filtered.isPresent()) {
            config.getUserProperties().put(HandshakeInfo.KEY, filtered.get());
            return;
        }
        String remoteAddress = refusal.remoteAddress(request);
        AdmissionDecision decision = g.admission().evaluate(header(request.getHeaders(), "Origin"),
                header(request.getHeaders(), "Host"), remoteAddress);
        if (decision.accepted()) {
            decision = g.authentication().admit(BearerToken.from(
                    header(request.getHeaders(), "Authorization"), parameter(request, BearerToken.QUERY_PARAMETER))
                    .orElse(null), request.getUserPrincipal(), remoteAddress);
        }
        if (!decision.accepted()) {
            refusal.refuse(response, decision);
        }
        config.getUserProperties().put(HandshakeInfo.KEY, new HandshakeInfo(decision.user(), remoteAddress,
                TraceParent.traceId(header(request.getHeaders(), "traceparent")), decision.effectiveIdentity()));
    }

    /** @return the first value of a query parameter, or null */
    private static String parameter(HandshakeRequest request, String name) {
        List<String> values = request.getParameterMap() == null ? null : request.getParameterMap().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** @return the first value of a header, matched without regard to case, or null */
    static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
