package example;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.switchboard.client.ChannelListener;
import dev.switchboard.client.Gap;
import dev.switchboard.client.History;
import dev.switchboard.client.Message;
import dev.switchboard.client.SwitchboardClient;

/**
 * The Java client example of docs/clients.md, kept compiling here ({@code JavaClientIT} runs the same calls against
 * a real hub). Run it against {@code scripts/run}: it prints what arrives on {@code chat:lobby}.
 */
public final class JavaClientExample {

    private JavaClientExample() {
    }

    public static void main(String[] args) throws Exception {
        SwitchboardClient client = SwitchboardClient.builder(URI.create("ws://localhost:8080/ws")).build();
        client.subscribe("chat:lobby", new ChannelListener() {
            public void onMessage(Message m) { System.out.println(m.offset() + " " + m.from() + ": " + m.data()); }
            public void onGap(Gap g) { System.out.println("missed " + g.lastOffset() + ".." + g.resumedAfter()); }
        });
        client.connect();

        long offset = client.publish("chat:lobby", Map.of("text", "hi")).toCompletableFuture().get(10, SECONDS);
        History h = client.history("chat:lobby", 0, 100).toCompletableFuture().get(10, SECONDS);
        List<String> users = client.presence("chat:lobby").toCompletableFuture().get(10, SECONDS);
        System.out.println("published at " + offset + "; history " + h.messages().size() + "; present " + users);
        client.close();
    }
}
