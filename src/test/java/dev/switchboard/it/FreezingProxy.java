package dev.switchboard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.switchboard.support.NamedThreadFactory;

/**
 * A loopback TCP proxy to a hub that can freeze: while frozen it forwards nothing, in either direction, and closes
 * nothing, like a hub whose machine hangs while TCP stays up (new connections are accepted, then hang too). Each
 * connection is two pumps on the proxy's own threads ({@code chat-it-proxy-*}), all stopped by {@link #close()}.
 */
final class FreezingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final ExecutorService threads = Executors.newCachedThreadPool(new NamedThreadFactory("chat-it-proxy",
            true));
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean frozen;

    FreezingProxy(int targetPort) {
        this.target = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    /** @return the port the proxy listens on (127.0.0.1) */
    int port() {
        return server.getLocalPort();
    }

    /** Stops forwarding on every connection, present and future, without closing any. */
    void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    /** Forwards again whatever was held and everything after it. */
    void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                threads.execute(() -> pump(client, upstream));
                threads.execute(() -> pump(upstream, client));
            } catch (IOException e) {
                return; // closed: the proxy is shutting down
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            awaitThawed();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                awaitThawed();
                out.write(buffer, 0, n);
                out.flush();
                awaitThawed();
            }
        } catch (IOException e) {
            // One side closed: the other side's pump ends when its socket is closed below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitThawed() throws InterruptedException {
        synchronized (gate) {
            while (frozen) {
                gate.wait();
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        sockets.forEach(FreezingProxy::closeQuietly);
        thaw();
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("proxy threads still running 10 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing what may already be closed: nothing else to do.
        }
    }
}
