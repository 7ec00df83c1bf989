package dev.switchboard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.switchboard.testing.ServerProcess;

/**
 * target/switchboard.war and target/example.war on Payara Micro 6 (Tyrus on Grizzly), started with
 * {@code java -jar payara-micro.jar --nocluster --nohazelcast --deploy switchboard.war --deploy example.war
 * --deploy secure-example.war --port N}. Jakarta Security in a WAR needs no server setting on Payara. The hub with
 * {@code engine=redis} is deployed unpacked, with {@code --hotdeploy}, so that the test can redeploy it.
 */
class PayaraContainerIT extends ContainerScenario {

    private static final String REDIS_WAR = "switchboard-redis.war";

    @Override
    String sendModeLine() {
        return "Sending through the container's Tyrus WebSocket: up to 64 queued frame(s) per write";
    }

    @Override
    ServerProcess startServer(int port, List<Path> wars) {
        Path payara = ServerProcess.requiredFile("switchboard.it.payara");
        Path target = payara.getParent();
        // A reused root directory redeploys the previous run's application first, answering (stale) while the
        // new one deploys: every run starts from an empty one.
        Path root = target.resolve("payara-root");
        ServerProcess.deleteRecursively(root);
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m",
                "-Dswitchboard.heartbeat.seconds=" + HEARTBEAT_SECONDS,
                "-Dswitchboard.history.size=" + HISTORY_SIZE));
        command.addAll(RAISED_RATE_LIMITS);
        command.addAll(PERMISSION_PROPERTIES);
        command.addAll(List.of("-jar", payara.toString(), "--nocluster", "--nohazelcast", "--hotdeploy"));
        for (Path war : wars) {
            command.addAll(List.of("--deploy", war.getFileName().toString().equals(REDIS_WAR)
                    ? explode(war).toString() : war.toString()));
        }
        command.addAll(List.of("--port", Integer.toString(port), "--rootdir", root.toString()));
        return ServerProcess.start(command, target.resolve("payara-it.log"), target);
    }

    /**
     * Payara Micro redeploys an application at run time only with {@code --hotdeploy}, from an exploded directory,
     * when its {@code .reload} file is touched: the old application is undeployed, then the new one deployed.
     */
    @Override
    public boolean undeployRedisHub() {
        return false;
    }

    @Override
    public void redeployRedisHub() {
        Path reload = exploded().resolve(".reload");
        try {
            Files.writeString(reload, Long.toString(System.currentTimeMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return target/switchboard-redis/, the WAR unpacked (the directory's name is the context root) */
    private static Path explode(Path war) {
        Path dir = exploded();
        ServerProcess.deleteRecursively(dir);
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                Path file = dir.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + war, e);
        }
        return dir;
    }

    private static Path exploded() {
        return ServerProcess.requiredFile("switchboard.it.war").resolveSibling("switchboard-redis");
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
