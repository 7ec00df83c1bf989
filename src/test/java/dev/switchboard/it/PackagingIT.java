package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.ServerProcess;

/**
 * What the build ships for application servers: target/switchboard.war carries the hub's classes and only the
 * libraries a Jakarta EE server does not provide; target/switchboard-lib.jar is a bean archive without the
 * standalone runtime or a JAX-RS application of its own; target/switchboard-client.jar holds the Java client only.
 */
class PackagingIT {

    /** Provided by every Jakarta EE 10 server (or standalone only): none of them may be inside the WAR. */
    private static final List<String> PROVIDED = List.of("tyrus", "grizzly", "weld", "jersey", "hk2", "jakarta.",
            "cdi-api", "websocket-api", "servlet-api", "logback", "jul-to-slf4j");

    @Test
    void theWarHoldsTheHubAndOnlyTheLibrariesAServerDoesNotProvide() throws IOException {
        try (ZipFile war = new ZipFile(ServerProcess.requiredFile("switchboard.it.war").toFile())) {
            List<String> names = war.stream().map(ZipEntry::getName).toList();
            List<String> libs = names.stream().filter(n -> n.startsWith("WEB-INF/lib/") && n.endsWith(".jar"))
                    .map(n -> n.substring("WEB-INF/lib/".length())).toList();
            assertThat(names).contains("WEB-INF/beans.xml", "WEB-INF/web.xml",
                    "WEB-INF/classes/dev/switchboard/endpoint/HubEndpoint.class",
                    "WEB-INF/classes/dev/switchboard/registry/ConnectionRegistry.class",
                    "WEB-INF/classes/dev/switchboard/container/SwitchboardApplication.class",
                    // The static files ChatResource and DashboardResource read from the classpath.
                    "WEB-INF/classes/chat/index.html", "WEB-INF/classes/chat/switchboard.js",
                    "WEB-INF/classes/chat/switchboard.d.ts", "WEB-INF/classes/dashboard/index.html");
            assertThat(names).as("the standalone runtime stays out")
                    .noneMatch(n -> n.startsWith("WEB-INF/classes/dev/switchboard/standalone/"));
            assertThat(libs).as("the hub's own libraries")
                    .anyMatch(n -> n.startsWith("micrometer-core-"))
                    .anyMatch(n -> n.startsWith("micrometer-registry-prometheus-"))
                    .anyMatch(n -> n.startsWith("jackson-databind-"))
                    .anyMatch(n -> n.startsWith("bucket4j_jdk17-core-"))
                    .anyMatch(n -> n.startsWith("nimbus-jose-jwt-"))
                    .anyMatch(n -> n.startsWith("slf4j-api-"));
            assertThat(libs).as("the Redis engine's libraries (engine=redis)")
                    .anyMatch(n -> n.startsWith("lettuce-core-"))
                    .anyMatch(n -> n.startsWith("netty-handler-"))
                    .anyMatch(n -> n.startsWith("netty-transport-"))
                    .anyMatch(n -> n.startsWith("netty-resolver-dns-"))
                    .anyMatch(n -> n.startsWith("reactor-core-"))
                    .anyMatch(n -> n.startsWith("reactive-streams-"))
                    .anyMatch(n -> n.startsWith("redis-authx-core-"))
                    .anyMatch(n -> n.startsWith("resilience4j-circuitbreaker-"))
                    .anyMatch(n -> n.startsWith("resilience4j-core-"));
            for (String provided : PROVIDED) {
                assertThat(libs).as("no %s jar in WEB-INF/lib", provided).noneMatch(n -> n.contains(provided));
            }
        }
    }

    @Test
    void theLibraryIsABeanArchiveWithoutTheStandaloneRuntime() throws IOException {
        try (JarFile lib = new JarFile(ServerProcess.requiredFile("switchboard.it.lib").toFile())) {
            List<String> names = lib.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("META-INF/beans.xml", "dev/switchboard/channel/Hub.class",
                    "dev/switchboard/endpoint/Endpoints.class", "dev/switchboard/outbox/Outbox.class",
                    "dev/switchboard/heartbeat/HeartbeatScheduler.class");
            assertThat(names).noneMatch(n -> n.startsWith("dev/switchboard/standalone/"))
                    .noneMatch(n -> n.startsWith("dev/switchboard/container/SwitchboardApplication"))
                    .noneMatch(n -> n.endsWith(".jar") || n.startsWith("logback"));
            assertThat(lib.getManifest() == null ? null : lib.getManifest().getMainAttributes().getValue("Main-Class"))
                    .as("no Main-Class").isNull();
        }
    }

    @Test
    void theClientJarHoldsOnlyTheClient() throws IOException {
        try (JarFile client = new JarFile(ServerProcess.requiredFile("switchboard.it.client").toFile())) {
            List<String> classes = client.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).toList();
            assertThat(classes).contains("dev/switchboard/client/SwitchboardClient.class",
                    "dev/switchboard/client/ClientBuilder.class", "dev/switchboard/client/ChannelListener.class");
            assertThat(classes).as("only dev.switchboard.client").allMatch(n -> n.startsWith("dev/switchboard/client/"));
            assertThat(client.stream().map(ZipEntry::getName))
                    .noneMatch(n -> n.endsWith(".jar") || n.equals("META-INF/beans.xml") || n.startsWith("logback"));
            assertThat(client.getManifest() == null ? null
                    : client.getManifest().getMainAttributes().getValue("Main-Class")).as("no Main-Class").isNull();
        }
        try (JarFile lib = new JarFile(ServerProcess.requiredFile("switchboard.it.lib").toFile());
                ZipFile war = new ZipFile(ServerProcess.requiredFile("switchboard.it.war").toFile())) {
            assertThat(lib.stream().map(ZipEntry::getName)).as("the library leaves the client to its own jar")
                    .noneMatch(n -> n.startsWith("dev/switchboard/client/"));
            assertThat(war.stream().map(ZipEntry::getName)).as("so does the WAR")
                    .noneMatch(n -> n.startsWith("WEB-INF/classes/dev/switchboard/client/"));
        }
    }

    @Test
    void bothArtifactsLieBesideTheStandaloneJar() {
        Path war = ServerProcess.requiredFile("switchboard.it.war");
        assertThat(war.getFileName()).hasToString("switchboard.war");
        assertThat(war.resolveSibling("switchboard.jar")).exists();
    }
}
