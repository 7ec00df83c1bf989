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

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
