package dev.switchboard.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.testing.ServerProcess;

/**
 * target/switchboard.war and target/example.war on Payara Micro 6 (Tyrus on Grizzly), started with
 * {@code java -jar payara-micro.jar --nocluster --nohazelcast --deploy switchboard.war --deploy example.war
 * --deploy secure-example.war --port N}. Jakarta Security in a WAR needs no server setting on Payara.
 */
class PayaraContainerIT extends ContainerScenario {

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
        command.addAll(List.of("-jar", payara.toString(), "--nocluster", "--nohazelcast"));
        for (Path war : wars) {
            command.addAll(List.of("--deploy", war.toString()));
        }
        command.addAll(List.of("--port", Integer.toString(port), "--rootdir", root.toString()));
        return ServerProcess.start(command, target.resolve("payara-it.log"), target);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
