package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/** An exception thrown by the hub's own code inside a callback ends in a clean 1011, and the hub carries on. */
class CallbackFailureTest {

    @Test
    void exceptionInOurCodeClosesWith1011AndTheHubKeepsServing() throws Exception {
        try (StandaloneHub hub = StandaloneHub.start(ConfigLoader.fromMap(Map.of("port", "-1", "host", "127.0.0.1")),
                StandaloneHub.HTTP_IDLE_TIMEOUT, FailingHistoryStore.class)) {
            Client victim = new Client(hub.port());
            Client bystander = new Client(hub.port());
            assertThat(victim.frames.poll(10, TimeUnit.SECONDS)).contains("welcome");
            assertThat(bystander.frames.poll(10, TimeUnit.SECONDS)).contains("welcome");

            victim.ws.sendText("{\"type\":\"publish\",\"id\":1,\"channel\":\"boom\",\"data\":1}", true);
            assertThat(victim.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1011);
            assertThat(victim.reason).doesNotContain("injected");

            bystander.ws.sendText("{\"type\":\"publish\",\"id\":2,\"channel\":\"fine\",\"data\":1}", true);
            String reply = bystander.frames.poll(10, TimeUnit.SECONDS);
            assertThat(reply).contains("\"published\"");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(hub.bean(ConnectionRegistry.class).count()).as("victim released").isEqualTo(1));
            bystander.ws.abort();
        }
    }

    private static final class Client {
        final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile String reason = "";
        final WebSocket ws;

        Client(int port) throws Exception {
            ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            frames.add(data.toString());
                            w.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket w, int code, String why) {
                            reason = why;
                            closed.complete(code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
        }
    }
}
