package dev.switchboard.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import dev.switchboard.testing.ServerProcess;

/**
 * target/switchboard.war and target/example.war on WildFly 38 (Undertow), started with {@code bin/standalone.sh
 * -b 127.0.0.1 -bmanagement 127.0.0.1 -Djboss.socket.binding.port-offset=N}, both WARs copied to
 * {@code standalone/deployments/} first, with {@code integrated-jaspi} off for the secured example
 * ({@link #writeConfiguration}). Every run starts from empty {@code data}, {@code tmp} and {@code deployments}
 * directories.
 */
class WildFlyContainerIT extends ContainerScenario {

    /** The close code Undertow sends for a protocol error. */
    private static final int UNDERTOW_PROTOCOL_ERROR = 1003;

    private static final int HTTP_BASE = 8080;

    private int offset;

    @Override
    String sendModeLine() {
        return "Sending through the container's WebSocket sessions: up to 64 queued frame(s) per send";
    }

    @Override
    int choosePort() {
        // Every port of the standard socket bindings moves by the offset: all of them must be free, and stay so
        // until the server binds them: below 32768, where no client's ephemeral port can take one meanwhile (an
        // https port taken by a load test's client left WildFly started without its HTTP server).
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(2_000, 22_000);
            if (free(HTTP_BASE + candidate) && free(8443 + candidate) && free(9990 + candidate)
                    && free(9993 + candidate)) {
                offset = candidate;
                return HTTP_BASE + candidate;
            }
        }
        throw new AssertionError("no free port offset for WildFly");
    }

    @Override
    ServerProcess startServer(int port, List<Path> wars) {
        Path home = ServerProcess.requiredFile("switchboard.it.wildfly");
        Path standalone = home.resolve("standalone");
        for (String dir : List.of("data", "tmp", "deployments", "log")) {
            ServerProcess.deleteRecursively(standalone.resolve(dir));
        }
        try {
            Files.createDirectories(deployments());
            for (Path war : wars) {
                Files.copy(war, deployments().resolve(war.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path script = home.resolve("bin").resolve("standalone.sh");
        script.toFile().setExecutable(true);
        String configuration = writeConfiguration(home);
        List<String> command = new ArrayList<>(List.of("/bin/sh", script.toString(), "-c", configuration, "-b",
                "127.0.0.1", "-bmanagement", "127.0.0.1", "-Djboss.socket.binding.port-offset=" + offset,
                "-Dswitchboard.heartbeat.seconds=" + HEARTBEAT_SECONDS,
                "-Dswitchboard.history.size=" + HISTORY_SIZE));
        command.addAll(RAISED_RATE_LIMITS);
        command.addAll(PERMISSION_PROPERTIES);
        return ServerProcess.start(command, wars.get(0).getParent().resolve("wildfly-it.log"), home);
    }

    /**
     * Writes {@code standalone-switchboard-it.xml}: the distribution's {@code standalone.xml} with Undertow's
     * application security domain {@code other} set to {@code integrated-jaspi="false"}, so that a WAR's own
     * Jakarta Security identity store (the secured example's) authenticates its callers rather than Elytron's
     * {@code ApplicationDomain} (docs/deploy.md, "Container login"; the CLI equivalent is there).
     *
     * @return the configuration's file name, for {@code -c}
     */
    private static String writeConfiguration(Path home) {
        Path configuration = home.resolve("standalone").resolve("configuration");
        String name = "standalone-switchboard-it.xml";
        try {
            String xml = Files.readString(configuration.resolve("standalone.xml"));
            int undertow = xml.indexOf("urn:jboss:domain:undertow:");
            String domain = "<application-security-domain name=\"other\" security-domain=\"ApplicationDomain\"/>";
            int at = undertow < 0 ? -1 : xml.indexOf(domain, undertow);
            if (at < 0) {
                throw new AssertionError("no application-security-domain 'other' in Undertow's subsystem");
            }
            String patched = xml.substring(0, at) + domain.replace("/>", " integrated-jaspi=\"false\"/>")
                    + xml.substring(at + domain.length());
            Files.writeString(configuration.resolve(name), patched);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** The deployment scanner marks each WAR {@code .deployed} or {@code .failed} when it is done with it. */
    @Override
    void awaitDeployed(List<Path> wars, Duration atMost) {
        for (Path war : wars) {
            Path deployed = deployments().resolve(war.getFileName() + ".deployed");
            Path failed = deployments().resolve(war.getFileName() + ".failed");
            await(deployed + " (log: standalone/log/server.log)").atMost(atMost)
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        if (Files.exists(failed)) {
                            throw new AssertionError(war.getFileName() + " failed to deploy: "
                                    + Files.readString(failed));
                        }
                        return Files.exists(deployed);
                    });
        }
    }

    /** Deleting a WAR from {@code deployments/} undeploys it; the scanner then marks it {@code .undeployed}. */
    @Override
    public boolean undeployRedisHub() {
        Path war = deployments().resolve("switchboard-redis.war");
        try {
            Files.delete(war);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("switchboard-redis.war undeployed").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(() -> Files.exists(deployments().resolve("switchboard-redis.war.undeployed")));
        return true;
    }

    @Override
    public void redeployRedisHub() {
        Path war = ServerProcess.requiredFile("switchboard.it.war").resolveSibling("switchboard-redis.war");
        try {
            Files.copy(war, deployments().resolve(war.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path deployments() {
        return ServerProcess.requiredFile("switchboard.it.wildfly").resolve("standalone").resolve("deployments");
    }

    /**
     * Undertow hands the hub a large frame in pieces, and a fragmented message fragment by fragment: the hub's
     * partial handler drops what is past the limit and closes with 1009 when the message ends (or after 5 s of
     * dropping), and Undertow keeps reading the rest off the socket, so the client can write all 50 MB before it
     * reads the close (measured; docs/deploy.md).
     */
    @Override
    boolean closesBeforeTheWholeFrameIsSent() {
        return false;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Undertow, not the hub, reads the frames on WildFly, and deviates from RFC 6455 where the hub cannot reach: it
     * answers an unmasked ping, and waits for the payload a frame header announces before any handler sees a byte,
     * so a header announcing 2^62 bytes (or a length with its top bit set) is never refused. Those cases are skipped
     * with that reason (docs/reliability.md, "Conformance").
     */
    @Override
    public Optional<String> conformanceDeviation(Conformance c) {
        if (c.name().contains("2^62 bytes") || c.name().contains("most significant bit")) {
            return Optional.of("Undertow waits for the announced payload before the hub's handler sees any of it "
                    + "(docs/deploy.md, Message size); the connection ends only at the heartbeat timeout (4008)");
        }
        if (c.name().contains("unmasked ping")) {
            return Optional.of("Undertow answers an unmasked ping with a pong instead of failing the connection");
        }
        return Optional.empty();
    }

    /**
     * Undertow fails a connection on every protocol error as RFC 6455 asks, but with close code 1003 (its
     * {@code CloseMessage.PROTOCOL_ERROR}; 7.4.1 has 1002): those cases run with 1003 as the code expected.
     */
    @Override
    public Conformance onThisServer(Conformance c) {
        Conformance.Close protocolError = Conformance.closes(ConformanceCases.PROTOCOL_ERROR);
        if (c.expect().isEmpty() || !c.expect().get(c.expect().size() - 1).equals(protocolError)) {
            return c;
        }
        List<Conformance.Expect> expect = new ArrayList<>(c.expect());
        expect.set(expect.size() - 1, Conformance.closes(UNDERTOW_PROTOCOL_ERROR));
        return new Conformance(c.section(), c.name(), c.wire(), List.copyOf(expect), c.chunk());
    }
}
