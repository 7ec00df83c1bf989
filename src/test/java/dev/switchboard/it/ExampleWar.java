package dev.switchboard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import dev.switchboard.testing.ServerProcess;

/**
 * Builds target/example.war the way docs/embedding.md tells an application to: the example's classes
 * ({@code src/test/java/example}, compiled to target/test-classes/example), its {@code WEB-INF/web.xml} and
 * {@code beans.xml} (src/test/example-webapp), the library jar (target/switchboard-lib.jar, as Maven would name the
 * dependency), and the third-party jars the hub's own WAR bundles, read out of target/switchboard.war.
 */
final class ExampleWar {

    private ExampleWar() {
    }

    /** @return the built WAR, target/example.war (context root {@code /example}) */
    static Path build() {
        Path hubWar = ServerProcess.requiredFile("switchboard.it.war");
        Path lib = ServerProcess.requiredFile("switchboard.it.lib");
        Path classes = ServerProcess.requiredFile("switchboard.it.example.classes");
        Path webapp = ServerProcess.requiredFile("switchboard.it.example.webapp");
        String version = System.getProperty("switchboard.it.version", "SNAPSHOT");
        Path war = hubWar.resolveSibling("example.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            for (String descriptor : List.of("web.xml", "beans.xml")) {
                put(zip, "WEB-INF/" + descriptor, webapp.resolve("WEB-INF").resolve(descriptor));
            }
            try (Stream<Path> files = Files.walk(classes.resolve("example"))) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    put(zip, "WEB-INF/classes/" + classes.relativize(file).toString().replace('\\', '/'), file);
                }
            }
            put(zip, "WEB-INF/lib/switchboard-" + version + "-lib.jar", lib);
            copyLibraries(hubWar, zip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + war, e);
        }
        return war;
    }

    /** The hub WAR's WEB-INF/lib jars: Jackson, Micrometer and its Prometheus registry, SLF4J. */
    private static void copyLibraries(Path hubWar, ZipOutputStream zip) throws IOException {
        try (ZipFile source = new ZipFile(hubWar.toFile())) {
            Enumeration<? extends ZipEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar")) {
                    zip.putNextEntry(new ZipEntry(entry.getName()));
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            }
        }
    }

    private static void put(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
    }
}
