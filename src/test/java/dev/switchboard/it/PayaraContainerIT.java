package dev.switchboard.it;

import java.nio.file.Path;
import java.util.List;

/**
 * target/switchboard.war on Payara Micro 6 (Tyrus on Grizzly), started with
 * {@code java -jar payara-micro.jar --nocluster --nohazelcast --deploy switchboard.war --port N}.
 */
class PayaraContainerIT extends ContainerScenario {

    @Override
    ServerProcess startServer(int port) {
        Path war = ServerProcess.requiredFile("switchboard.it.war");
        Path payara = ServerProcess.requiredFile("switchboard.it.payara");
        Path target = war.getParent();
        // A reused root directory redeploys the previous run's application first, answering (stale) while the
        // new one deploys: every run starts from an empty one.
        Path root = target.resolve("payara-root");
        ServerProcess.deleteRecursively(root);
        return ServerProcess.start(List.of(javaBinary(), "-Xmx512m",
                "-Dswitchboard.heartbeat.seconds=" + HEARTBEAT_SECONDS,
                "-jar", payara.toString(), "--nocluster", "--nohazelcast",
                "--deploy", war.toString(), "--port", Integer.toString(port),
                "--rootdir", root.toString()),
                target.resolve("payara-it.log"), target);
    }

    /**
     * Tyrus refuses a single frame larger than its {@code org.glassfish.tyrus.incomingBufferSize} (1 MiB in the
     * WAR's web.xml) itself, with 1011 "Buffer overflow.", before the hub sees any of it; the hub cannot change that
     * code from inside the container (measured: closed after ~8 MB of a 50 MB frame had been written, most of it
     * in socket buffers). Frames up to 1 MiB over the limit, and fragmented messages of any size, get 1009.
     * Documented in docs/deploy.md.
     */
    @Override
    int singleHugeFrameCloseCode() {
        return 1011;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
