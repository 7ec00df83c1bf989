package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.registry.ConnectionRegistry;

/**
 * Grizzly closes connections idle for its HTTP keep-alive timeout, upgraded ones included, unless told otherwise.
 * With that timeout at 1 s, a WebSocket that stays silent for 4 s (well inside the hub's own idle timeout) must
 * survive.
 */
class IdleWebSocketTest {

    @Test
    void silentWebSocketOutlivesTheHttpKeepAliveTimeout() throws Exception {
        try (StandaloneHub hub = StandaloneHub.start(ConfigLoader.fromMap(Map.of("port", "-1", "host", "127.0.0.1",
                "heartbeat.seconds", "20", "idle.timeout.seconds", "40")), Duration.ofSeconds(1))) {
            LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + hub.port() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            frames.add(data.toString());
                            w.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            assertThat(frames.poll(10, TimeUnit.SECONDS)).as("welcome").contains("\"welcome\"");

            // Nothing is sent either way for 4 s: four times Grizzly's keep-alive timeout.
            assertThat(closed.completeOnTimeout(-1, 4, TimeUnit.SECONDS).get()).as("close code").isEqualTo(-1);

            ws.sendText("{\"type\":\"ping\",\"id\":1}", true).get(5, TimeUnit.SECONDS);
            assertThat(frames.poll(10, TimeUnit.SECONDS)).as("pong after the silence").contains("\"pong\"");
            assertThat(hub.bean(ConnectionRegistry.class).count()).isEqualTo(1);
            ws.abort();
        }
    }
}
