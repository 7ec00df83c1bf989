package dev.switchboard.bench.baseline;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.glassfish.tyrus.server.Server;

/**
 * Starts {@link BareTyrusEndpoint} on Tyrus's standalone Grizzly {@link Server} at {@code ws://127.0.0.1:PORT/ws}
 * and runs until SIGTERM. Usage: {@code BareTyrusHub PORT}. (Tyrus's {@code Server} binds every interface whatever
 * host it is given; only loopback clients are ever pointed at it.)
 */
public final class BareTyrusHub {

    private BareTyrusHub() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        Server server = new Server("127.0.0.1", port, "/", Map.of(), BareTyrusEndpoint.class);
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "bare-tyrus-shutdown"));
        System.err.println("bare Tyrus hub ready: ws://127.0.0.1:" + server.getPort() + "/ws");
        stopped.await();
    }
}
