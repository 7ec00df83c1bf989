package dev.switchboard.standalone;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

import org.glassfish.grizzly.http.server.Request;

import dev.switchboard.http.ApiAccessFilter;

/** Puts the caller's IP address, as Grizzly saw it, where {@link ApiAccessFilter} reads it. */
@PreMatching
public final class RemoteAddressFilter implements ContainerRequestFilter {

    private final Provider<Request> request;

    @Inject
    public RemoteAddressFilter(Provider<Request> request) {
        this.request = request;
    }

    @Override
    public void filter(ContainerRequestContext context) {
        context.setProperty(ApiAccessFilter.REMOTE_ADDRESS, request.get().getRemoteAddr());
    }
}
