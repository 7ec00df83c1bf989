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
        return ServerProcess.start(List.of(javaBinary(), "-Xmx512m",
                "-Dswitchboard.heartbeat.seconds=" + HEARTBEAT_SECONDS,
                "-jar", payara.toString(), "--nocluster", "--nohazelcast",
                "--deploy", war.toString(), "--port", Integer.toString(port),
                "--rootdir", target.resolve("payara-root").toString()),
                target.resolve("payara-it.log"), target);
    }

    /**
     * Tyrus refuses a frame over its {@code org.glassfish.tyrus.incomingBufferSize} (1 MiB in the WAR's web.xml)
     * itself, with 1011 "Buffer overflow.", before the hub sees any of it: measured here, documented in
     * docs/deploy.md.
     */
    @Override
    int singleHugeFrameCloseCode() {
        return 1011;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
