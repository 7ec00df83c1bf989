package dev.switchboard.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.wire.FrameSizeGate;

/**
 * The upgraded connection's input as the container's WebSocket implementation reads it, through a
 * {@link FrameSizeGate}: non-blocking, driven by the container's read callbacks one at a time. Not thread-safe
 * except {@link #isDiscarding()}. See docs/design-notes.md, "The frame-size gate on Payara".
 */
final class SizeLimitedInputStream extends ServletInputStream {

    /** Read size when the container does not say how much is available. */
    static final int DEFAULT_CHUNK = 16 * 1024;
    /** The largest single read from the container. */
    static final int MAX_CHUNK = 64 * 1024;
    /**
     * How much a peer may still send after its message was refused before this stream stops reading it (1 MiB):
     * enough for a peer to finish sending a message somewhat over the limit and then read the 1009, small next to a
     * 50 MB one. Past it the peer meets TCP back-pressure until the connection is closed.
     */
    static final long DISCARD_BUDGET = 1024 * 1024;

    private final ServletInputStream in;
    private final FrameSizeGate gate;
    private final Runnable peerGone;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private ReadListener listener;
    private byte[] dropBuffer;
    private long dropped;
    private boolean ended;

    /**
     * @param in              the container's stream of the upgraded connection
     * @param maxMessageBytes {@code max.message.bytes}
     * @param peerGone        run once the peer has ended the stream or it failed, before that is passed on
     */
    SizeLimitedInputStream(ServletInputStream in, long maxMessageBytes, Runnable peerGone) {
        this.in = in;
        this.peerGone = peerGone;
        this.gate = new FrameSizeGate(maxMessageBytes, CloseCodes.MESSAGE_TOO_BIG.refusal(),
                CloseCodes.PROTOCOL_ERROR.refusal(), pending::add);
    }

    /** @return whether an oversize message was refused; readable from any thread */
    boolean isDiscarding() {
        return gate.isDiscarding();
    }

    @Override
    public void setReadListener(ReadListener readListener) {
        if (listener != null) {
            throw new IllegalStateException("a read listener is already set");
        }
        this.listener = readListener;
        in.setReadListener(new Pump());
    }

    /** @return whether bytes the gate let through are waiting to be read; never blocks */
    @Override
    public boolean isReady() {
        return !pending.isEmpty();
    }

    @Override
    public boolean isFinished() {
        return ended && pending.isEmpty();
    }

    @Override
    public int available() {
        long total = 0;
        for (ByteBuffer b : pending) {
            total += b.remaining();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? n : one[0] & 0xFF;
    }

    /**
     * Copies what the gate let through; never touches the container's stream.
     *
     * @return the bytes copied, or -1 at the end of the stream
     * @throws IllegalStateException if nothing is ready (the non-blocking contract: read only when ready)
     */
    @Override
    public int read(byte[] b, int off, int len) {
        if (pending.isEmpty()) {
            if (ended) {
                return -1;
            }
            throw new IllegalStateException("read while not ready");
        }
        int copied = 0;
        while (copied < len && !pending.isEmpty()) {
            ByteBuffer head = pending.peek();
            int n = Math.min(len - copied, head.remaining());
            head.get(b, off + copied, n);
            copied += n;
            if (!head.hasRemaining()) {
                pending.poll();
            }
        }
        return copied;
    }

    /** Reads from the container while it is ready, through the gate, and hands on what passes. */
    private void pump() throws IOException {
        while (true) {
            if (!pending.isEmpty()) {
                listener.onDataAvailable();
                if (!pending.isEmpty()) {
                    // The implementation stopped reading (it has closed): nothing more is handed to it.
                    return;
                }
            }
            if (ended || !in.isReady()) {
                return; // the container calls onDataAvailable again once there is more
            }
            if (gate.isDiscarding()) {
                if (dropped >= DISCARD_BUDGET) {
                    return; // no more reads: the peer is still sending a message it was told is too big
                }
                drop();
                continue;
            }
            int available = in.available();
            byte[] chunk = new byte[available > 0 ? Math.min(available, MAX_CHUNK) : DEFAULT_CHUNK];
            int n = in.read(chunk);
            if (n < 0) {
                ended = true;
            } else if (n > 0) {
                gate.handle(ByteBuffer.wrap(chunk, 0, n));
            }
        }
    }

    /** One read whose bytes are thrown away: the peer of a refused message is read, never served. */
    private void drop() throws IOException {
        if (dropBuffer == null) {
            dropBuffer = new byte[DEFAULT_CHUNK];
        }
        int n = in.read(dropBuffer);
        if (n < 0) {
            ended = true;
        } else {
            dropped += n;
        }
    }

    /** The listener on the container's stream. */
    private final class Pump implements ReadListener {

        @Override
        public void onDataAvailable() throws IOException {
            pump();
        }

        @Override
        public void onAllDataRead() throws IOException {
            ended = true;
            if (!pending.isEmpty()) {
                listener.onDataAvailable();
            }
            peerGone.run();
            listener.onAllDataRead();
        }

        @Override
        public void onError(Throwable t) {
            peerGone.run();
            listener.onError(t);
        }
    }
}
