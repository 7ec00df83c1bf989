package dev.switchboard.endpoint;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.OutboundFrame;

/**
 * Direct frame writes for sessions of a Tyrus runtime the hub does not own: Payara and GlassFish, or a Tyrus server
 * an application embeds the hub in. Through the API, Tyrus encodes a text frame to UTF-8 once per session and
 * schedules an idle-timer task on every send (on Payara, with a context capture); here the frames' bytes, encoded
 * once for every subscriber, go to the session's {@code TyrusWebSocket.sendRawFrame} as one buffer, through the
 * same writer as Tyrus's own pongs and close frames. Tyrus has no public API for this: the session's
 * {@code TyrusWebSocket} is read from its remote endpoint by reflection, once per runtime class, and a runtime where
 * that fails (another Tyrus version, a module that does not open the package) keeps the API's sends. Only for
 * sessions without negotiated extensions: raw frames are never compressed. Thread-safe. See docs/design-notes.md,
 * "Raw frames through a server's Tyrus".
 */
final class TyrusRawFrames {

    private static final String REMOTE_ENDPOINT = "org.glassfish.tyrus.core.TyrusRemoteEndpoint";
    private static final String FUTURE = "org.glassfish.tyrus.core.TyrusFuture";

    private final int maxFramesPerWrite;
    private final ClassValue<Access> access = new ClassValue<>() {
        @Override
        protected Access computeValue(Class<?> remoteType) {
            return Access.resolve(remoteType);
        }
    };

    /** @param maxFramesPerWrite the most queued frames one raw write carries ({@code send.batch.frames}) */
    TyrusRawFrames(int maxFramesPerWrite) {
        this.maxFramesPerWrite = Math.max(1, maxFramesPerWrite);
    }

    /**
     * @return a sink writing this session's frames through Tyrus, or null where that is not possible: not a Tyrus
     *         session, an extension negotiated, or the runtime's classes not as expected ({@link #whyNot})
     */
    FrameSink sink(Session session) {
        if (!session.getNegotiatedExtensions().isEmpty()) {
            return null;
        }
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        Access a = access.get(remote.getClass());
        if (a.sendRaw() == null) {
            return null;
        }
        try {
            return new Sink(a.webSocket().invoke(remote), a.sendRaw(), maxFramesPerWrite);
        } catch (Throwable e) {
            return null;
        }
    }

    /** @return why this session got no raw sink from {@link #sink} */
    String whyNot(Session session) {
        if (!session.getNegotiatedExtensions().isEmpty()) {
            return "extensions negotiated: " + session.getNegotiatedExtensions().size();
        }
        String why = access.get(session.getAsyncRemote().getClass()).whyNot();
        return why != null ? why : "the session's Tyrus WebSocket could not be read";
    }

    /** How to reach a remote endpoint type's {@code TyrusWebSocket}: both handles, or the reason there are none. */
    private record Access(MethodHandle webSocket, MethodHandle sendRaw, String whyNot) {

        static Access resolve(Class<?> remoteType) {
            Class<?> type = remoteType;
            while (type != null && !type.getName().equals(REMOTE_ENDPOINT)) {
                type = type.getSuperclass();
            }
            if (type == null) {
                return new Access(null, null, "not a Tyrus session (" + remoteType.getName() + ")");
            }
            try {
                Class<?> future = Class.forName(FUTURE, false, type.getClassLoader());
                if (!CompletableFuture.class.isAssignableFrom(future)) {
                    return new Access(null, null, "this Tyrus reports no write completions");
                }
                Field field = type.getDeclaredField("webSocket");
                field.setAccessible(true);
                Method send = field.getType().getMethod("sendRawFrame", ByteBuffer.class);
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                return new Access(lookup.unreflectGetter(field), lookup.unreflect(send), null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new Access(null, null, "this Tyrus's classes are not as expected: " + e);
            }
        }
    }

    /** One session's raw writes: the frames joined into one buffer, completed when Tyrus's writer completes it. */
    private record Sink(Object webSocket, MethodHandle sendRaw, int maxFramesPerWrite) implements FrameSink {

        @Override
        public void write(List<OutboundFrame> frames, WriteCallback callback) {
            int bytes = 0;
            for (OutboundFrame frame : frames) {
                bytes += frame.wireBytes();
            }
            // A heap buffer with an array: Tyrus's servlet writer hands the array to the stream without a copy.
            ByteBuffer joined = ByteBuffer.allocate(bytes);
            for (OutboundFrame frame : frames) {
                frame.copyWireTo(joined);
            }
            send(joined.flip(), callback);
        }

        @Override
        public void ping(WriteCallback callback) {
            send(FrameSink.pingFrame(), callback);
        }

        private void send(ByteBuffer buffer, WriteCallback callback) {
            CompletionStage<?> written;
            try {
                written = (CompletionStage<?>) sendRaw.invoke(webSocket, buffer);
            } catch (Throwable e) {
                callback.failed(e);
                return;
            }
            written.whenComplete((result, error) -> {
                if (error == null) {
                    callback.completed();
                } else {
                    callback.failed(error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error);
                }
            });
        }
    }
}
