package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.standalone.HubUrls;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.WsClient;

/** The HTTP API as a server-side caller sees it: publish, history, health, and the API key. */
class HttpApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** An answer slower than this is a hang cut short, not a slow machine. */
    private static final Duration PROMPT = Duration.ofSeconds(5);
    private static final int MAX_BYTES = 1024;

    @RegisterExtension
    static final HubExtension hubs = HubExtension.withSettings("max.message.bytes", String.valueOf(MAX_BYTES));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    @Test
    void publishViaRestReachesWebSocketSubscribers() throws Exception {
        try (WsClient ws = WsClient.connect(hubs.port())) {
            ws.next("welcome");
            ws.send(Frames.subscribe("news:rest").id(1));
            JsonNode subscribed = ws.next("subscribed");

            HttpResponse<String> response = post(hub(), "news:rest", "{\"headline\":\"up\"}", null);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            JsonNode receipt = JSON.readTree(response.body());
            assertThat(receipt.path("channel").asText()).isEqualTo("news:rest");
            assertThat(receipt.path("offset").asLong()).isEqualTo(1);
            assertThat(receipt.path("epoch").asText()).isEqualTo(subscribed.path("epoch").asText());

            JsonNode message = ws.next("message");
            assertThat(message.path("channel").asText()).isEqualTo("news:rest");
            assertThat(message.path("offset").asLong()).isEqualTo(1);
            assertThat(message.path("epoch").asText()).isEqualTo(receipt.path("epoch").asText());
            assertThat(message.path("from").asText()).isEqualTo("server");
            assertThat(message.path("data").path("headline").asText()).isEqualTo("up");
        }
    }

    @Test
    void everyUrlOfTheReadyLineAnswers() throws Exception {
        HubUrls urls = hub().urls();
        assertThat(urls.readyLine()).contains(urls.websocket().toString(), urls.api().toString(),
                urls.health().toString(), urls.metrics().toString(), urls.dashboard().toString());
        for (URI page : List.of(urls.health(), urls.metrics(), urls.dashboard())) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(page).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(page + ": " + response.body()).isEqualTo(200);
        }
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(
                        URI.create(urls.api() + "/channels/ready:line/messages")).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        try (WsClient ws = WsClient.connect(urls.websocket())) {
            ws.next("welcome");
        }
    }

    @Test
    void javasDefaultHttpClientOfferingH2cIsServedAsHttp11() throws Exception {
        // HttpClient's default version is HTTP/2: on http:// its first request carries "Upgrade: h2c", body included.
        HttpClient defaults = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        URI messages = URI.create(hub().urls().api() + "/channels/h2c:offer/messages");
        for (int n = 1; n <= 2; n++) {
            long start = System.nanoTime();
            HttpResponse<String> published = defaults.send(HttpRequest.newBuilder(messages).timeout(TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
            assertThat(published.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered at once").isLessThan(PROMPT);
        }
        assertThat(getHistory(hub(), "h2c:offer", "").path("messages")).extracting(m -> m.path("data").path("n")
                .asInt()).containsExactly(1, 2);
    }

    @Test
    void invalidJsonIs400() throws Exception {
        HttpResponse<String> response = post(hub(), "bad:json", "{not json", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("bad_request");
        assertThat(getHistory(hub(), "bad:json", "").path("messages")).isEmpty();
    }

    @Test
    void invalidChannelNameIs400() throws Exception {
        HttpResponse<String> response = post(hub(), "bad%20channel!", "{\"a\":1}", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("invalid_channel");
    }

    @Test
    void bodyLargerThanMaxIs413() throws Exception {
        HttpResponse<String> response = post(hub(), "big:fixed", bigJson(MAX_BYTES + 1), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("too_large");
        assertThat(getHistory(hub(), "big:fixed", "").path("messages")).isEmpty();
    }

    @Test
    void bodyOfExactlyMaxIsAccepted() throws Exception {
        HttpResponse<String> response = post(hub(), "big:exact", bigJson(MAX_BYTES), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void chunkedBodyLargerThanMaxIs413() throws Exception {
        String body = bigJson(4 * MAX_BYTES);
        HttpRequest request = HttpRequest.newBuilder(uri(hub(), "/api/v1/channels/big:chunked/messages"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(chunked(body.getBytes(StandardCharsets.UTF_8), 256))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(getHistory(hub(), "big:chunked", "").path("messages")).isEmpty();
    }

    @Test
    void chunkedBodyWithinMaxIsAccepted() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(hub(), "/api/v1/channels/small:chunked/messages"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(chunked("{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8), 3))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void httpHistoryHasTheWebSocketShapeWithoutTypeAndId() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(post(hub(), "hist:shape", Frames.object("n", i).toString(), null).statusCode())
                    .isEqualTo(201);
        }
        JsonNode overHttp = getHistory(hub(), "hist:shape", "?since=2&limit=2");

        JsonNode overWs;
        try (WsClient ws = WsClient.connect(hubs.port())) {
            ws.next("welcome");
            ws.send(Frames.history("hist:shape").id(4).since(2).limit(2));
            overWs = ws.next("history");
        }
        assertThat(overWs.path("id").asInt()).isEqualTo(4);
        ObjectNode wsWithoutTypeAndId = ((ObjectNode) overWs.deepCopy());
        wsWithoutTypeAndId.remove("type");
        wsWithoutTypeAndId.remove("id");
        assertThat(overHttp).isEqualTo(wsWithoutTypeAndId);
        assertThat(fieldNames(overHttp)).containsExactly("channel", "epoch", "messages", "recovered", "more");
        assertThat(overHttp.path("messages")).extracting(m -> m.path("offset").asLong()).containsExactly(3L, 4L);
        assertThat(overHttp.path("messages").get(0).path("data").path("n").asInt()).isEqualTo(3);
        assertThat(overHttp.path("recovered").asBoolean()).isTrue();
        assertThat(overHttp.path("more").asBoolean()).as("offset 5 is after the last listed").isTrue();
    }

    @Test
    void historyRejectsBadParameters() throws Exception {
        for (String query : List.of("?limit=1001", "?limit=0", "?since=-1", "?since=x")) {
            HttpResponse<String> response = get(hub(), "/api/v1/channels/hist:bad/history" + query, null);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("code").asText()).as(query).isEqualTo("bad_request");
        }
    }

    @Test
    void healthLiveAndReadyAreUp() throws Exception {
        for (String path : List.of("/health/live", "/health/ready")) {
            HttpResponse<String> response = get(hub(), path, null);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("status").asText()).as(path).isEqualTo("UP");
            assertThat(body.path("checks").isArray()).as(path).isTrue();
            assertThat(body.path("checks")).as(path).isNotEmpty()
                    .allSatisfy(check -> assertThat(check.path("status").asText()).isEqualTo("UP"));
        }
    }

    @Nested
    class WithApiKey {

        @RegisterExtension
        static final HubExtension keyedHub = HubExtension.withSettings("api.key", "secret");

        private final StandaloneHub keyed = keyedHub.hub();

        @Test
        void noHeaderIs401() throws Exception {
            HttpResponse<String> response = post(keyed, "keyed:c", "{\"a\":1}", null);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer"));
            assertThat(get(keyed, "/api/v1/channels/keyed:c/history", null).statusCode()).isEqualTo(401);
        }

        @Test
        void wrongKeyIs401() throws Exception {
            assertThat(post(keyed, "keyed:c", "{\"a\":1}", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(post(keyed, "keyed:c", "{\"a\":1}", "Bearer secretx").statusCode()).isEqualTo(401);
            assertThat(post(keyed, "keyed:c", "{\"a\":1}", "secret").statusCode()).isEqualTo(401);
            assertThat(get(keyed, "/api/v1/channels/keyed:c/history", "Bearer wrong").statusCode())
                    .isEqualTo(401);
        }

        @Test
        void rightKeyIs201() throws Exception {
            HttpResponse<String> response = post(keyed, "keyed:ok", "{\"a\":1}", "Bearer secret");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(JSON.readTree(response.body()).path("offset").asLong()).isEqualTo(1);
            assertThat(get(keyed, "/api/v1/channels/keyed:ok/history", "Bearer secret").statusCode())
                    .isEqualTo(200);
        }

        @Test
        void healthStaysOpenWithoutKey() throws Exception {
            assertThat(get(keyed, "/health/live", null).statusCode()).isEqualTo(200);
            assertThat(get(keyed, "/health/ready", null).statusCode()).isEqualTo(200);
        }
    }

    /** @return the class's hub, without an API key */
    private static StandaloneHub hub() {
        return hubs.hub();
    }

    private static URI uri(StandaloneHub target, String path) {
        return URI.create("http://127.0.0.1:" + target.port() + path);
    }

    private HttpResponse<String> post(StandaloneHub target, String channel, String body, String authorization)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(target, "/api/v1/channels/" + channel + "/messages"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(StandaloneHub target, String path, String authorization)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(target, path)).timeout(TIMEOUT).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getHistory(StandaloneHub target, String channel, String query) throws Exception {
        HttpResponse<String> response = get(target, "/api/v1/channels/" + channel + "/history" + query, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A JSON object of exactly {@code bytes} bytes. */
    private static String bigJson(int bytes) {
        int overhead = Frames.object("p", "").toString().length();
        return Frames.object("p", "x".repeat(bytes - overhead)).toString();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A body with unknown length, so the client sends it with chunked transfer encoding and no Content-Length. */
    private static HttpRequest.BodyPublisher chunked(byte[] bytes, int chunk) {
        List<ByteBuffer> parts = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) {
            parts.add(ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        return HttpRequest.BodyPublishers.fromPublisher(subscriber -> {
            Iterator<ByteBuffer> it = parts.iterator();
            subscriber.onSubscribe(new Flow.Subscription() {
                private boolean done;

                @Override
                public synchronized void request(long n) {
                    for (long i = 0; i < n && it.hasNext() && !done; i++) {
                        subscriber.onNext(it.next());
                    }
                    if (!it.hasNext() && !done) {
                        done = true;
                        subscriber.onComplete();
                    }
                }

                @Override
                public synchronized void cancel() {
                    done = true;
                }
            });
        });
    }
}
