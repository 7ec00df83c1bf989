package dev.switchboard.standalone;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking WebSocket client for the start-up {@link Warmup}, over a plain loopback socket: the upgrade
 * request, masked text frames (a zero mask, which RFC 6455 allows the server to accept), unmasked frames read.
 * Not a general client: it knows only the frames the warm-up exchanges. Not thread-safe: one thread at a time.
 */
final class WarmupClient {

    private static final String CHANNEL = "warmup";
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final int TEXT = 0x1;
    private static final int CLOSE = 0x8;
    private static final byte[] NORMAL_CLOSE = {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8};

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The text of the last frame read, if it was a text frame. */
    private String lastText = "";

    private WarmupClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 4096));
        this.out = socket.getOutputStream();
    }

    /** Opens {@code count} connections, each upgraded, welcomed and subscribed to the warm-up channel. */
    static List<WarmupClient> openAll(int port, int count) throws IOException {
        List<WarmupClient> opened = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                WarmupClient client = open(port);
                opened.add(client);
                client.expect("welcome");
                client.sendText("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"" + CHANNEL + "\"}");
                client.expect("subscribed");
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.forEach(WarmupClient::closeQuietly);
            throw e;
        }
    }

    /**
     * Reads {@code messages} channel messages on each client (skipping other frames), then closes each politely.
     *
     * @return the messages read
     */
    static long readAndClose(List<WarmupClient> clients, int messages) throws IOException {
        long read = 0;
        for (WarmupClient client : clients) {
            for (int i = 0; i < messages; i++) {
                client.expect("message");
                read++;
            }
        }
        for (WarmupClient client : clients) {
            client.out.write(NORMAL_CLOSE);
            while (client.readFrame() != CLOSE) {
                // Replies still in flight (the publisher's "published") come before the hub's close frame.
            }
            client.closeQuietly();
        }
        return read;
    }

    void publish(int n) throws IOException {
        sendText("{\"type\":\"publish\",\"id\":" + n + ",\"channel\":\"" + CHANNEL + "\",\"data\":{\"n\":" + n
                + ",\"text\":\"warm-up message\"}}");
    }

    void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to release beyond the socket.
        }
    }

    private static WarmupClient open(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
            WarmupClient client = new WarmupClient(socket);
            client.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: c3dpdGNoYm9hcmQtd2FybQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            client.readResponseHead();
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void readResponseHead() throws IOException {
        StringBuilder head = new StringBuilder(256);
        int n = 0;
        while (n < 4 || head.charAt(n - 1) != '\n' || head.charAt(n - 3) != '\n') {
            int b = in.read();
            if (b < 0 || n > 8192) {
                throw new IOException("No upgrade response");
            }
            head.append((char) b);
            n++;
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("Upgrade refused: " + head.substring(0, head.indexOf("\r\n")));
        }
    }

    /** Reads text frames until one of this {@code type} arrives. */
    private void expect(String type) throws IOException {
        String marker = "\"type\":\"" + type + "\"";
        while (true) {
            int opcode = readFrame();
            if (opcode == CLOSE) {
                throw new IOException("Closed by the hub while waiting for " + type);
            }
            if (opcode == TEXT && lastText.contains(marker)) {
                return;
            }
        }
    }

    /** @return the opcode of the next whole frame (the hub does not fragment these); its text in lastText */
    private int readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length > 1 << 20) {
            throw new IOException("Unexpected frame of " + length + " bytes");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        int opcode = first & 0x0F;
        lastText = opcode == TEXT ? new String(payload, StandardCharsets.UTF_8) : "";
        return opcode;
    }

    private void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("Warm-up frames are short");
        }
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        // Bytes 2-5: the zero mask, so the payload goes as it is.
        System.arraycopy(payload, 0, frame, 6, payload.length);
        out.write(frame);
    }
}
