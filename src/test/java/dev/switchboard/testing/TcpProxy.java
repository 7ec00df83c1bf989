package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.support.NamedThreadFactory;

/**
 * A loopback TCP proxy in front of a hub, for network failures a test controls: {@link #freeze()} stops forwarding
 * in both directions without closing anything (a hung hub or a black-holed network), {@link #cut()} closes every
 * connection at once. Threads {@code test-proxy-*}, stopped by {@link #close()}. Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(new NamedThreadFactory("test-proxy", true));
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Object gate = new Object();
    private boolean frozen;

    private TcpProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** @return a proxy on a free port of 127.0.0.1 forwarding to 127.0.0.1:{@code targetPort} */
    public static TcpProxy start(int targetPort) {
        try {
            ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            TcpProxy proxy = new TcpProxy(server, targetPort);
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the port clients connect to */
    public int port() {
        return server.getLocalPort();
    }

    /** @return connections accepted so far */
    public int accepted() {
        return accepted.get();
    }

    /** Stops forwarding bytes, both ways; connections stay open and new ones are accepted but hang. */
    public void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    /** Forwards again. */
    public void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    /** Closes every open connection, both sides, as a network cut would. */
    public void cut() {
        // One by one: a connection accepted meanwhile is either closed here or stays listed for the next cut.
        for (Socket s : sockets) {
            closeQuietly(s);
            sockets.remove(s);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                // Listed before the upstream connect, so that a cut meanwhile closes it too (a cut while the
                // client's handshake is under way must be a cut, not a connection that survives it).
                sockets.add(client);
                accepted.incrementAndGet();
                Socket upstream = new Socket();
                sockets.add(upstream);
                try {
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                if (client.isClosed()) {
                    closeQuietly(upstream);
                    continue;
                }
                threads.execute(() -> pump(client, upstream));
                threads.execute(() -> pump(upstream, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitThawed();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the connection ended (or was cut): close both sides below
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

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a socket that is already broken: nothing left to do
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        cut();
        threads.shutdownNow();
        if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("proxy threads did not stop");
        }
    }
}
