package dev.switchboard.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RawWsClient;

/**
 * Connect/subscribe/disconnect cycles against a hub on a port, two thirds closed politely and a third torn down
 * abruptly, in turn: a TCP reset (SO_LINGER 0) after subscribing, a half-open peer that stops answering after
 * subscribing (held open until the hub has had time to find it silent), and a client killed mid-handshake (after
 * part of the request, or after all of it without reading the answer). Thread-safe: many workers call
 * {@link #run(int)} at once. Counts what it did.
 */
final class ChurnCycles {

    /** How a cycle ends. */
    enum Ending { POLITE, RESET, HALF_OPEN, KILLED_IN_HANDSHAKE }

    private static final Duration READ = Duration.ofSeconds(20);

    private final int port;
    private final int channels;
    private final Duration holdSilent;
    private final Queue<Held> silent = new ConcurrentLinkedQueue<>();
    private final AtomicLong[] counts = new AtomicLong[Ending.values().length];
    private final AtomicInteger held = new AtomicInteger();

    /** A half-open peer's socket, closed by us only after {@code until} (nanoTime). */
    private record Held(RawWsClient client, long until) {
    }

    /**
     * @param holdSilent how long a half-open peer stays silent before we close our end: longer than the hub's idle
     *                   timeout plus a heartbeat, so that the hub is the one that finds it
     */
    ChurnCycles(int port, int channels, Duration holdSilent) {
        this.port = port;
        this.channels = channels;
        this.holdSilent = holdSilent;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new AtomicLong();
        }
    }

    /** @return how cycle {@code i} ends: every third one abruptly, the three abrupt kinds in turn */
    static Ending ending(int i) {
        if (i % 3 != 0) {
            return Ending.POLITE;
        }
        return switch ((i / 3) % 3) {
            case 0 -> Ending.RESET;
            case 1 -> Ending.HALF_OPEN;
            default -> Ending.KILLED_IN_HANDSHAKE;
        };
    }

    /** Runs cycle {@code i}; closes the half-open peers whose time is up. */
    void run(int i) throws IOException {
        Ending ending = ending(i);
        if (ending == Ending.KILLED_IN_HANDSHAKE) {
            killInHandshake(i);
        } else {
            RawWsClient client = RawWsClient.connect(port);
            awaitType(client, "welcome");
            client.sendText(Frames.subscribe("churn:" + (i % channels)).id(i));
            awaitType(client, "subscribed");
            switch (ending) {
                case POLITE -> {
                    client.sendClose(1000);
                    client.readUntilClose(READ);
                    client.close();
                }
                case RESET -> client.reset();
                default -> {
                    silent.add(new Held(client, System.nanoTime() + holdSilent.toNanos()));
                    held.incrementAndGet();
                }
            }
        }
        counts[ending.ordinal()].incrementAndGet();
        release(false);
    }

    /** Closes the held half-open peers whose time is up, or all of them. */
    void release(boolean all) {
        long now = System.nanoTime();
        for (Iterator<Held> it = silent.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (all || now - h.until() >= 0) {
                if (silent.remove(h)) {
                    h.client().close();
                    held.decrementAndGet();
                }
            }
        }
    }

    /** @return how many cycles ended this way so far */
    long count(Ending ending) {
        return counts[ending.ordinal()].get();
    }

    /** @return half-open peers still held open */
    int held() {
        return held.get();
    }

    private void killInHandshake(int i) throws IOException {
        String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        // Half the time part of the request, half the time all of it with the answer never read.
        int sent = (i / 9) % 2 == 0 ? bytes.length / 2 : bytes.length;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes, 0, sent);
            out.flush();
            socket.setSoLinger(true, 0);
        }
    }

    private static void awaitType(RawWsClient client, String type) {
        String marker = "\"type\":\"" + type + "\"";
        while (true) {
            RawWsClient.Frame frame = client.read(READ)
                    .orElseThrow(() -> new AssertionError("connection ended before " + type));
            if (frame.opcode() == RawWsClient.TEXT && frame.text().contains(marker)) {
                return;
            }
            if (frame.opcode() == RawWsClient.CLOSE) {
                throw new AssertionError("closed with " + frame.closeCode() + " before " + type);
            }
        }
    }
}
