package dev.switchboard.container;

import java.util.ArrayDeque;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * The container's input stream of an upgraded connection, scripted by the test: bytes {@link #arrive}, and the test
 * then plays the container by calling the registered listener. It holds callers to the non-blocking contract: a read
 * while it is not ready fails the test.
 */
final class FakeServletInput extends ServletInputStream {

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private ReadListener listener;
    private long bytesRead;
    private int readsWhileNotReady;
    private boolean ended;

    /** Queues bytes for one read each, then tells the listener (as the container does after isReady was false). */
    void arrive(byte[]... reads) throws java.io.IOException {
        for (byte[] r : reads) {
            chunks.add(r);
        }
        listener.onDataAvailable();
    }

    /** The peer ends the stream: the container reports it once everything was read. */
    void end() throws java.io.IOException {
        ended = true;
        listener.onAllDataRead();
    }

    ReadListener listener() {
        return listener;
    }

    long bytesRead() {
        return bytesRead;
    }

    int readsWhileNotReady() {
        return readsWhileNotReady;
    }

    @Override
    public void setReadListener(ReadListener readListener) {
        this.listener = readListener;
    }

    @Override
    public boolean isReady() {
        return !chunks.isEmpty();
    }

    @Override
    public boolean isFinished() {
        return ended && chunks.isEmpty();
    }

    @Override
    public int available() {
        return chunks.isEmpty() ? 0 : chunks.peek().length;
    }

    @Override
    public int read() {
        throw new UnsupportedOperationException("the guard reads in chunks");
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (chunks.isEmpty()) {
            readsWhileNotReady++;
            throw new IllegalStateException("read while not ready");
        }
        byte[] head = chunks.poll();
        int n = Math.min(len, head.length);
        System.arraycopy(head, 0, b, off, n);
        if (n < head.length) {
            chunks.addFirst(java.util.Arrays.copyOfRange(head, n, head.length));
        }
        bytesRead += n;
        return n;
    }
}
