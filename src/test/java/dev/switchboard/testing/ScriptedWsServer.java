package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import dev.switchboard.support.NamedThreadFactory;

/**
 * A tiny real WebSocket server (RFC 6455 handshake and close frames, written on plain sockets) that answers each
 * connection attempt as a test scripts it: an HTTP refusal with headers, or an accepted handshake followed by a
 * close frame with a chosen code, or by a dropped TCP connection. For what the hub cannot be made to do on demand.
 * Records when each attempt arrived. Threads {@code test-ws-*}, stopped by {@link #close()}.
 */
public final class ScriptedWsServer implements AutoCloseable {

    /** What to do with one attempt. */
    public sealed interface Answer {
    }

    /** Refuse the handshake with this status and raw header lines (e.g. {@code Retry-After: 2}). */
    public record Refuse(int status, List<String> headers) implements Answer {
    }

    /** Accept, then send a close frame with {@code code} (0: drop the TCP connection with no close frame). */
    public record AcceptThenClose(int code, long afterMillis) implements Answer {
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final IntFunction<Answer> script;
    private final ExecutorService threads = Executors.newCachedThreadPool(new NamedThreadFactory("test-ws", true));
    private final List<Long> attemptNanos = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private ScriptedWsServer(ServerSocket server, IntFunction<Answer> script) {
        this.server = server;
        this.script = script;
    }

    /** @param script the answer to attempt n (0-based) */
    public static ScriptedWsServer start(IntFunction<Answer> script) {
        try {
            ScriptedWsServer s = new ScriptedWsServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                    script);
            s.threads.execute(s::acceptLoop);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the port */
    public int port() {
        return server.getLocalPort();
    }

    /** @return {@link System#nanoTime()} at each attempt's arrival, in order */
    public List<Long> attempts() {
        return List.copyOf(attemptNanos);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                int n = attemptNanos.size();
                attemptNanos.add(System.nanoTime());
                threads.execute(() -> answer(s, script.apply(n)));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket s, Answer answer) {
        try (s) {
            s.setSoTimeout(10_000);
            String key = websocketKey(readHead(s.getInputStream()));
            OutputStream out = s.getOutputStream();
            if (answer instanceof Refuse r) {
                StringBuilder head = new StringBuilder("HTTP/1.1 " + r.status() + " Refused\r\n");
                r.headers().forEach(h -> head.append(h).append("\r\n"));
                head.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            AcceptThenClose a = (AcceptThenClose) answer;
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(a.afterMillis());
            if (a.code() != 0) {
                out.write(new byte[] {(byte) 0x88, 2, (byte) (a.code() >> 8), (byte) a.code()});
                out.flush();
                s.getInputStream().read(new byte[64]);
            }
        } catch (IOException | InterruptedException e) {
            // the client went away or the server is closing: the attempt is over either way
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof in handshake");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String websocketKey(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "";
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
        threads.shutdownNow();
        if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("scripted server threads did not stop");
        }
    }
}
