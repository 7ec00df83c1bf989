package dev.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.switchboard.admission.Authentication;
import dev.switchboard.admission.ChannelPermissions;
import dev.switchboard.admission.MemoryRevocationStore;
import dev.switchboard.admission.MessageRateLimiter;
import dev.switchboard.admission.Revocations;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.MemoryBroker;
import dev.switchboard.channel.MemoryHistoryStore;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.MicrometerHubMetrics;
import dev.switchboard.outbox.ScriptedTransport;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.OpenRequest;
import dev.switchboard.registry.RecordingEvent;
import dev.switchboard.registry.SendPool;
import dev.switchboard.testing.FakeClock;
import dev.switchboard.testing.ManualExecutor;

/**
 * Fuzzes the protocol path a client frame takes: {@code JsonCodec.parseRequest} and {@link RequestDispatcher},
 * over the real channel service, registry and outbox with a scripted transport (no sockets). The input is up to 8
 * frame texts separated by newlines, sent on one connection already subscribed to {@code room}. Each text must get
 * exactly one reply (a valid reply frame or an {@code error} with a catalogued code), pushes only of known types,
 * no exception escaping, and no close at all (rate limits are set out of reach; a close would need a catalogued
 * code).
 */
class ProtocolFuzzTest {

    private static final Set<String> REPLIES = Set.of("subscribed", "unsubscribed", "published", "history",
            "presence", "refreshed", "pong", "error");
    private static final Set<String> PUSHES = Set.of("message", "direct", "join", "leave");
    private static final Set<String> ERROR_CODES = Stream.of(ErrorCode.values()).map(ErrorCode::wire)
            .collect(Collectors.toUnmodifiableSet());
    private static final Pattern LINES = Pattern.compile("\n");

    private final JsonCodec codec = new JsonCodec();
    private final ObjectMapper json = new ObjectMapper();
    private final HubConfig config = ConfigLoader.fromMap(Map.of("rate.messages.per.second", "1000000000",
            "rate.messages.burst", "1000000000", "rate.bytes.per.second", "1000000000", "history.size", "20"));

    /** A hub's protocol path with fakes; a new one for every input, so that each input is judged on its own. */
    private record Fixture(ManualExecutor sendPool, ConnectionRegistry registry, ChannelService channels,
            RequestDispatcher dispatcher) {
    }

    private Fixture fixture() {
        ManualExecutor sendPool = new ManualExecutor();
        FakeClock clock = new FakeClock();
        MicrometerHubMetrics metrics = new MicrometerHubMetrics(new SimpleMeterRegistry());
        ConnectionRegistry registry = new ConnectionRegistry(config, metrics, clock, new RecordingEvent<>(),
                SendPool.of(sendPool));
        ChannelService channels = new ChannelService(config, registry, new MemoryHistoryStore(codec, 20,
                Duration.ofMinutes(5), clock, () -> 0L), new MemoryBroker(), codec, metrics,
                SendPool.of(sendPool));
        Authentication authentication = new Authentication(config, Clock.systemUTC(), metrics,
                new Revocations(new MemoryRevocationStore(), registry));
        RequestDispatcher dispatcher = new RequestDispatcher(channels, registry, codec, metrics, clock,
                new TokenRefresh(authentication), new ChannelPermissions(config),
                new MessageRateLimiter(config, clock));
        return new Fixture(sendPool, registry, channels, dispatcher);
    }

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"{\"type\":\"", "\"id\":", "\"channel\":\"", "\"data\":", "\"since\":", "\"epoch\":\"",
        "\"limit\":", "\"token\":\"", "subscribe", "unsubscribe", "publish", "history", "presence", "ping",
        "refresh", "room", "null", "true", "[", "]", "{", "}", "\\u0000", "1e999", "-1", "9223372036854775808"})
    void anyFrameText(byte[] input) throws Exception {
        // A WebSocket text message is valid UTF-8: decoding replaces what is not, as the runtime would refuse it.
        String[] texts = LINES.split(new String(input, StandardCharsets.UTF_8), 8);
        Fixture hub = fixture();
        ScriptedTransport transport = new ScriptedTransport();
        transport.completeInline();
        Connection c = hub.registry().open(new OpenRequest("fuzz", "127.0.0.1", null, transport)).orElseThrow();
        hub.channels().subscribe(c, "room", null, null, started -> { });
        hub.sendPool().runAll();
        int before = transport.events().size();
        for (String text : texts) {
            hub.dispatcher().onText(c, text);
            hub.sendPool().runAll();
        }
        List<String> events = transport.events().subList(before, transport.events().size());
        assertThat(events).as("no close: rate limits are out of reach, the outbox cannot overflow")
                .noneMatch(e -> e.startsWith("close:"));
        assertThat(replies(events)).as("one reply per frame text, for %s", List.of(texts)).hasSize(texts.length);
    }

    /** @return the types of the reply frames written, checking that every frame is a known reply or push */
    private List<String> replies(List<String> events) throws Exception {
        List<String> replies = new ArrayList<>();
        for (String event : events) {
            assertThat(event).as("only text frames").startsWith("text:");
            for (String frame : event.substring(5).split("\\|(?=\\{\"type\")")) {
                JsonNode node = json.readTree(frame);
                String type = node.path("type").asText();
                if (REPLIES.contains(type)) {
                    replies.add(type);
                } else {
                    assertThat(PUSHES).as("a push of a known type: %s", frame).contains(type);
                }
                if (type.equals("error")) {
                    assertThat(ERROR_CODES).as("a catalogued error code: %s", frame)
                            .contains(node.path("code").asText());
                }
            }
        }
        return replies;
    }
}
