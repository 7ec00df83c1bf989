package dev.switchboard.container;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpUpgradeHandler;

/**
 * An accepted upgrade request on its way to the container's WebSocket implementation: {@link #upgrade(Class)} puts
 * a {@link SizeLimitedUpgradeHandler} in front of the handler the implementation asked for, so the connection is
 * size-limited from its first byte. See docs/design-notes.md, "The frame-size gate on Payara".
 */
final class SizeLimitedUpgradeRequest extends HttpServletRequestWrapper {

    private final long maxMessageBytes;
    private final ScheduledExecutorService scheduler;

    SizeLimitedUpgradeRequest(HttpServletRequest request, long maxMessageBytes, ScheduledExecutorService scheduler) {
        super(request);
        this.maxMessageBytes = maxMessageBytes;
        this.scheduler = scheduler;
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
        // Created before the request is upgraded, so that a handler we cannot create leaves the request as it was.
        T inner = instantiate(handlerClass);
        SizeLimitedUpgradeHandler guarded = super.upgrade(SizeLimitedUpgradeHandler.class);
        guarded.attach(inner, maxMessageBytes, scheduler);
        return inner;
    }

    /**
     * Creates the implementation's handler as the container would, with its public no-argument constructor (the
     * servlet specification requires one). The container's injection into it does not happen; Tyrus's handler has
     * nothing to inject.
     */
    private static <T extends HttpUpgradeHandler> T instantiate(Class<T> handlerClass) throws ServletException {
        try {
            return handlerClass.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new ServletException("cannot create " + handlerClass.getName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ServletException("cannot create " + handlerClass.getName(), e);
        }
    }
}
