package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A WebSocket client written by hand over a plain {@link Socket}: it does the HTTP upgrade itself and then writes
 * only what the test tells it to. It never answers pings and never reads unless asked, so it can play a peer that
 * is alive at the TCP level but silent, or one that stopped reading. Not thread-safe: one thread reads, and writes
 * are synchronized.
 */
public final class RawWsClient implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** One frame as read from the wire; {@code rsv} holds its RSV bits as they sit in the first byte. */
    public record Frame(int opcode, byte[] payload, boolean fin, int rsv) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** @return the close code of a close frame (first two payload bytes), or -1 if it has none */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();
    private String responseHead = "";

    private RawWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and completes the upgrade (asserts the 101). */
    public static RawWsClient connect(int port) {
        return connect(port, 0);
    }

    /**
     * @param receiveBuffer the socket's receive buffer in bytes, set before connecting; 0 for the system default
     */
    public static RawWsClient connect(int port, int receiveBuffer) {
        return connect(port, "/ws", receiveBuffer);
    }

    /** As {@link #connect(int, int)}, for the endpoint at {@code path} (e.g. {@code /switchboard/ws}). */
    public static RawWsClient connect(int port, String path, int receiveBuffer) {
        return connect(port, path, receiveBuffer, "");
    }

    /**
     * As {@link #connect(int, String, int)}, with extra request headers (each line ending in CRLF), e.g. an
     * extension offer; the response head is then {@link #responseHead()}.
     */
    public static RawWsClient connect(int port, String path, int receiveBuffer, String extraHeaders) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            RawWsClient client = new RawWsClient(socket);
            client.handshake(port, path, extraHeaders);
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handshake(int port, String path, String extraHeaders) throws IOException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        responseHead = head;
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new AssertionError("upgrade refused: " + head);
        }
    }

    /** Reads the response head byte by byte, so no frame byte after it is consumed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** @return the upgrade response's head (status line and headers) */
    public String responseHead() {
        return responseHead;
    }

    /** Sends these frames in one write. */
    public void send(RawFrame... frames) {
        sendBytes(RawFrame.concat(frames));
    }

    /** Writes these bytes as they are; a write the server has already closed against is ignored. */
    public synchronized void sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // The server closed the connection part-way: what it answered is still readable.
        }
    }

    /**
     * Ends the closing handshake as a client does once it has read the server's close: its own close frame (with
     * {@code code}, or none if -1), then the end of its output (a TCP half-close); the server's end then follows.
     */
    public synchronized void answerClose(int code) {
        sendBytes(RawFrame.close(code, new byte[0]).bytes());
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // Already reset by the server: its end of the stream is what the caller reads next.
        }
    }

    /** Sends one protocol request as a masked text frame. */
    public void sendText(ClientFrame frame) {
        sendText(frame.json());
    }

    /** Sends one masked text frame, as a client must. */
    public synchronized void sendText(String text) {
        try {
            out.write(maskedText(text));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code count} copies of one masked text frame in a single write: a client that floods cheaply. */
    public synchronized void sendTexts(String text, int count) {
        byte[] frame = maskedText(text);
        byte[] all = new byte[frame.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(frame, 0, all, i * frame.length, frame.length);
        }
        try {
            out.write(all);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("only short frames are supported");
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) (0x80 | TEXT);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /**
     * Starts one masked text frame whose header announces {@code declaredLength} bytes and sends only the first
     * {@code sentBytes} of its payload, stopping early if the server closes the connection.
     *
     * @return the payload bytes actually written
     */
    public synchronized long sendFrameStart(long declaredLength, int sentBytes) {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(0x80 | TEXT);
        head.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            head.write((int) (declaredLength >>> shift) & 0xFF);
        }
        head.write(mask, 0, 4);
        byte[] chunk = new byte[16 * 1024];
        long written = 0;
        try {
            out.write(head.toByteArray());
            while (written < sentBytes) {
                int n = (int) Math.min(chunk.length, sentBytes - written);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) ('z' ^ mask[(int) ((written + i) % 4)]);
                }
                out.write(chunk, 0, n);
                written += n;
            }
            out.flush();
        } catch (IOException e) {
            // The server closed the connection part-way: what it answered is still readable.
        }
        return written;
    }

    /**
     * Reads the next frame, waiting at most {@code wait}.
     *
     * @return the frame, or empty at end of stream
     * @throws AssertionError if no complete frame arrives within the wait
     */
    public Optional<Frame> read(Duration wait) {
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            int b0 = in.read();
            if (b0 < 0) {
                return Optional.empty();
            }
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
                if (length < 126) {
                    throw new AssertionError("a 16-bit length of " + length + ": not the shortest (RFC 6455 5.2)");
                }
            } else if (length == 127) {
                length = in.readLong();
                if (length <= 0xFFFF) {
                    throw new AssertionError("a 64-bit length of " + length + ": not the shortest (RFC 6455 5.2)");
                }
            }
            if ((b1 & 0x80) != 0) {
                throw new AssertionError("a server must not mask its frames");
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            return Optional.of(new Frame(b0 & 0x0F, payload, (b0 & 0x80) != 0, b0 & 0x70));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame within " + wait, e);
        } catch (EOFException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A reset is the end of the stream too, as far as a reader can tell.
            return Optional.empty();
        }
    }

    /**
     * Reads frames until a close frame or the end of the stream, failing if neither arrives within {@code wait}.
     *
     * @return the close frame, or empty if the stream ended without one
     */
    public Optional<Frame> readUntilClose(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no close within " + wait);
            }
            Optional<Frame> frame = read(Duration.ofNanos(left));
            if (frame.isEmpty() || frame.get().opcode() == CLOSE) {
                return frame;
            }
        }
    }

    /** @return the client's local TCP port */
    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
