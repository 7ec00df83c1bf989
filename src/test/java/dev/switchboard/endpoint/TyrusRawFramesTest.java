package dev.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.Extension;
import jakarta.websocket.OnMessage;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.Test;

import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.testing.ServerProcess;

/**
 * {@link TyrusRawFrames} on Tyrus's own server (the same Tyrus as Payara's, on Grizzly instead of servlets): frames
 * joined into one raw write arrive as separate text messages, in order, a ping as a ping, and each write completes;
 * a session of another implementation, or one with an extension, gets no sink and a reason.
 */
class TyrusRawFramesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** On "go": three frames as one raw write (the first says the sink's frames per write), then, once it completed, a ping, then "done" once that completed. */
    @ServerEndpoint("/raw")
    public static class RawEndpoint {
        @OnMessage
        public void message(Session session, String text) {
            TyrusRawFrames raw = new TyrusRawFrames(64);
            FrameSink sink = raw.sink(session);
            if (sink == null) {
                session.getAsyncRemote().sendText("no sink: " + raw.whyNot(session));
                return;
            }
            List<OutboundFrame> frames = List.of(OutboundFrame.of("max " + sink.maxFramesPerWrite()), OutboundFrame.of("twö"),
                    OutboundFrame.of("x".repeat(70_000)));
            sink.write(frames, callback(() -> sink.ping(callback(
                    () -> sink.write(List.of(OutboundFrame.of("done")), callback(() -> { }, session)), session)),
                    session));
        }

        private static WriteCallback callback(Runnable next, Session session) {
            return new WriteCallback() {
                @Override
                public void completed() {
                    next.run();
                }

                @Override
                public void failed(Throwable error) {
                    session.getAsyncRemote().sendText("failed: " + error);
                }
            };
        }
    }

    @Test
    void framesWrittenRawArriveAsTheirMessagesInOrderAndEveryWriteCompletes() throws Exception {
        int port = ServerProcess.freePort();
        Server server = new Server("127.0.0.1", port, "/", Map.of(), RawEndpoint.class);
        server.start();
        try {
            LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/raw"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                received.add(text.toString());
                                text.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                            received.add("ping");
                            webSocket.request(1);
                            return null;
                        }
                    }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            ws.sendText("go", true);
            assertThat(List.of(next(received), next(received), next(received), next(received), next(received)))
                    .containsExactly("max 64", "twö", "x".repeat(70_000), "ping", "done");
            ws.abort();
        } finally {
            server.stop();
        }
    }

    @Test
    void aSessionOfAnotherImplementationGetsNoSinkAndAReason() {
        Session session = session(List.of());
        TyrusRawFrames raw = new TyrusRawFrames(64);
        assertThat(raw.sink(session)).isNull();
        assertThat(raw.whyNot(session)).startsWith("not a Tyrus session");
    }

    @Test
    void aSessionWithAnExtensionGetsNoSink() {
        Extension deflate = (Extension) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Extension.class}, (proxy, method, args) -> "permessage-deflate");
        Session session = session(List.of(deflate));
        TyrusRawFrames raw = new TyrusRawFrames(64);
        assertThat(raw.sink(session)).isNull();
        assertThat(raw.whyNot(session)).startsWith("extensions negotiated");
    }

    private static String next(LinkedBlockingQueue<String> received) throws InterruptedException {
        String frame = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(frame).as("a frame within " + WAIT).isNotNull();
        return frame;
    }

    private Session session(List<Extension> extensions) {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> null);
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "getNegotiatedExtensions" -> extensions;
                    default -> null;
                });
    }
}
