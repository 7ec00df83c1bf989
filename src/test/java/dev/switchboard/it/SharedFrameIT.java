package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.outbox.Transport;
import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.OpenRequest;
import dev.switchboard.testing.HubExtension;

/**
 * Publish once, deliver to N: in a running hub, every subscriber's outbox is handed the one encoded frame history
 * holds (the same object, hence the same wire bytes), not a copy or a re-encoding per subscriber.
 */
class SharedFrameIT {

    private static final int SUBSCRIBERS = 5;

    @RegisterExtension
    final HubExtension hub = HubExtension.withDefaults();

    @Test
    void everySubscriberIsSentTheOneFrameThePublishEncoded() {
        ConnectionRegistry registry = hub.bean(ConnectionRegistry.class);
        ChannelService channels = hub.bean(ChannelService.class);
        List<RecordingTransport> transports = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            RecordingTransport transport = new RecordingTransport();
            transports.add(transport);
            Connection c = registry.open(new OpenRequest("user-" + i, "127.0.0.1", "trace-" + i, transport))
                    .orElseThrow();
            channels.subscribe(c, "shared");
        }
        ChannelMessage published = channels.publish("shared", "{\"n\":1}", "tester", null).toCompletableFuture().join();

        await("every subscriber was sent the message").atMost(Duration.ofSeconds(10))
                .until(() -> transports.stream().allMatch(t -> t.framesWith("\"n\":1").size() == 1));
        for (RecordingTransport t : transports) {
            OutboundFrame sent = t.framesWith("\"n\":1").get(0);
            assertThat(sent).as("the frame history holds, not a copy").isSameAs(published.frame());
        }
    }

    /** A transport whose writes complete at once, keeping what it was given. */
    private static final class RecordingTransport implements Transport {

        private final List<OutboundFrame> sent = new CopyOnWriteArrayList<>();

        @Override
        public int maxFramesPerWrite() {
            return 64;
        }

        @Override
        public void sendTexts(List<OutboundFrame> frames, WriteCallback callback) {
            sent.addAll(frames);
            callback.completed();
        }

        @Override
        public void sendPing(WriteCallback callback) {
            callback.completed();
        }

        @Override
        public void close(CloseCode code) {
        }

        List<OutboundFrame> framesWith(String fragment) {
            return sent.stream().filter(f -> f.text().contains(fragment)).toList();
        }
    }
}
