package dev.switchboard.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An identity provider's JWKS endpoint on loopback (the JDK's {@code HttpServer}): serves the public keys the test
 * sets, counts fetches, and can hang every request (a provider that accepts and never answers). Close it after
 * the test; closing releases hung requests.
 */
public final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(
            new dev.switchboard.support.NamedThreadFactory("jwks-server", true));
    private final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicBoolean hang = new AtomicBoolean();
    private final CountDownLatch released = new CountDownLatch(1);

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    /** @return a started server with an empty key set */
    public static JwksServer start() {
        try {
            JwksServer s = new JwksServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    0), 0));
            s.server.createContext("/jwks", s::serve);
            s.server.setExecutor(s.threads);
            s.server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        fetches.incrementAndGet();
        try (exchange) {
            if (hang.get()) {
                released.await(30, TimeUnit.SECONDS);
                return;
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Serves the public parts of these keys from now on. */
    public void serve(List<? extends JWK> keys) {
        body.set(new JWKSet(keys.stream().map(JWK::toPublicJWK).toList()).toString());
    }

    /** From now on every request is accepted and never answered. */
    public void hang() {
        hang.set(true);
    }

    /** @return how many times the key set was requested */
    public int fetches() {
        return fetches.get();
    }

    /** @return {@code http://127.0.0.1:<port>/jwks} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
