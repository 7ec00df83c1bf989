package dev.switchboard.container;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;

import dev.switchboard.http.ApiAccessFilter;

/**
 * Inside an application server: puts the caller's IP address, as the servlet container saw it, where
 * {@link ApiAccessFilter} reads it. Pre-matching, so it runs before the access check. Not a CDI bean (the servlet
 * API is absent standalone); the JAX-RS runtime creates it and injects the request proxy.
 */
@PreMatching
public class ServletRemoteAddressFilter implements ContainerRequestFilter {

    @Context
    private HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        context.setProperty(ApiAccessFilter.REMOTE_ADDRESS, request.getRemoteAddr());
    }
}
