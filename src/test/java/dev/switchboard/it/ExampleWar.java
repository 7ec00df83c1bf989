package dev.switchboard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
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
 * {@link #buildSecure()} builds the same app secured (target/secure-example.war): with {@code example.secure}'s
 * Jakarta Security login and src/test/example-secure-webapp's descriptors ({@code auth.mode=container}).
 */
final class ExampleWar {

    private ExampleWar() {
    }

    /** The secured variant's own classes, left out of the plain example. */
    private static final String SECURE_PACKAGE = "example/secure/";

    /** @return the built WAR, target/example.war (context root {@code /example}) */
    static Path build() {
        return build("example.war", ServerProcess.requiredFile("switchboard.it.example.webapp"), false);
    }

    /** @return the secured example, target/secure-example.war (context root {@code /secure-example}) */
    static Path buildSecure() {
        return build("secure-example.war", ServerProcess.requiredFile("switchboard.it.secure.webapp"), true);
    }

    private static Path build(String name, Path webapp, boolean secure) {
        Path hubWar = ServerProcess.requiredFile("switchboard.it.war");
        Path lib = ServerProcess.requiredFile("switchboard.it.lib");
        Path classes = ServerProcess.requiredFile("switchboard.it.example.classes");
        String version = System.getProperty("switchboard.it.version", "SNAPSHOT");
        Path war = hubWar.resolveSibling(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            try (Stream<Path> descriptors = Files.list(webapp.resolve("WEB-INF"))) {
                for (Path file : (Iterable<Path>) descriptors.filter(Files::isRegularFile).sorted()::iterator) {
                    put(zip, "WEB-INF/" + file.getFileName(), file);
                }
            }
            try (Stream<Path> files = Files.walk(classes.resolve("example"))) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    String entry = classes.relativize(file).toString().replace('\\', '/');
                    if (secure || !entry.startsWith(SECURE_PACKAGE)) {
                        put(zip, "WEB-INF/classes/" + entry, file);
                    }
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
