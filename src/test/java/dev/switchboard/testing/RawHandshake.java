package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket opening handshake written byte for byte on a plain socket, so that a test controls every header
 * (the JDK client refuses to set {@code Origin}) and sees the raw status line and headers. Every read has a socket
 * timeout. An accepted handshake keeps the socket open, holding the connection until {@link #close()}.
 */
public final class RawHandshake implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final String statusLine;
    private final int status;
    private final Map<String, String> headers;
    private final Duration elapsed;

    private RawHandshake(Socket socket, String statusLine, int status, Map<String, String> headers, Duration elapsed) {
        this.socket = socket;
        this.statusLine = statusLine;
        this.status = status;
        this.headers = headers;
        this.elapsed = elapsed;
    }

    /**
     * Sends an upgrade request for {@code /ws} to 127.0.0.1 and reads the response head.
     *
     * @param origin the {@code Origin} header, or null for none
     * @param host   the {@code Host} header
     */
    public static RawHandshake open(int port, String origin, String host) {
        return open(port, "/ws", origin, host);
    }

    /** As {@link #open(int, String, String)}, for the endpoint at {@code path} (e.g. {@code /switchboard/ws}). */
    public static RawHandshake open(int port, String path, String origin, String host) {
        return open(port, path, origin, host, Map.of());
    }

    /**
     * As {@link #open(int, String, String, String)} with extra request headers (e.g. {@code Authorization}); the
     * path may carry a query string.
     */
    public static RawHandshake open(int port, String path, String origin, String host, Map<String, String> extra) {
        Socket socket = new Socket();
        try {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            StringBuilder request = new StringBuilder()
                    .append("GET ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append("\r\n")
                    .append("Upgrade: websocket\r\n")
                    .append("Connection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                    .append("Sec-WebSocket-Version: 13\r\n");
            if (origin != null) {
                request.append("Origin: ").append(origin).append("\r\n");
            }
            extra.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            long start = System.nanoTime();
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String[] lines = readHead(socket.getInputStream()).split("\r\n");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            return new RawHandshake(socket, lines[0], status, headers, elapsed);
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("handshake on port " + port + " failed", e);
            try {
                socket.close();
            } catch (IOException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
    }

    /** Sends a handshake with {@code Host: 127.0.0.1:<port>}. */
    public static RawHandshake open(int port, String origin) {
        return open(port, origin, "127.0.0.1:" + port);
    }

    /** @return an HTTP response's head, read byte by byte up to and including the blank line */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    public int status() {
        return status;
    }

    /** @return the response's first line, e.g. {@code HTTP/1.1 401 Unauthorized} */
    public String statusLine() {
        return statusLine;
    }

    /** @return a response header by name (any case), or null */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** @return how long the response head took to arrive after the request was written */
    public Duration elapsed() {
        return elapsed;
    }

    /** Reads the first (unmasked, unfragmented) text frame the hub sends, e.g. the welcome. */
    public String readTextFrame() {
        try {
            InputStream in = socket.getInputStream();
            int first = readByte(in);
            if ((first & 0x0F) != 0x1) {
                throw new AssertionError("expected a text frame, got opcode " + (first & 0x0F));
            }
            int len = readByte(in) & 0x7F;
            if (len == 126) {
                len = (readByte(in) << 8) | readByte(in);
            } else if (len == 127) {
                throw new AssertionError("unexpectedly long frame");
            }
            return new String(in.readNBytes(len), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether the hub closed the TCP connection (end of stream) within the read timeout */
    public boolean closedByHub() {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the hub
        }
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("connection closed");
        }
        return b;
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
