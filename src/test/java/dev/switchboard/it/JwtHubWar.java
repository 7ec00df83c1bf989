package dev.switchboard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import dev.switchboard.testing.ServerProcess;
import dev.switchboard.testing.Tokens;

/**
 * Builds target/switchboard-jwt.war: target/switchboard.war unchanged but for a
 * {@code WEB-INF/switchboard.properties} turning on {@code auth.mode=jwt} (HS256 with {@link Tokens#SECRET}) and claim permissions on the {@code itteam}
 * namespace, as an operator adds the file to the shipped WAR ({@code jar uf}, docs/deploy.md).
 */
final class JwtHubWar {

    /** The hub's settings in this WAR. */
    static final String SETTINGS = String.join("\n",
            "auth.mode=jwt",
            "auth.jwt.secret=" + Tokens.SECRET,
            "namespace.itteam.subscribe=claim",
            "namespace.itteam.publish=claim", "");

    private JwtHubWar() {
    }

    /** @return target/switchboard-jwt.war (context root {@code /switchboard-jwt}) */
    static Path build() {
        return withSettings("switchboard-jwt.war", SETTINGS);
    }

    /**
     * @return target/{@code name}: target/switchboard.war with {@code settings} as its
     *         {@code WEB-INF/switchboard.properties}
     */
    static Path withSettings(String name, String settings) {
        Path hubWar = ServerProcess.requiredFile("switchboard.it.war");
        Path war = hubWar.resolveSibling(name);
        try (ZipFile source = new ZipFile(hubWar.toFile());
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            Enumeration<? extends ZipEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                zip.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = source.getInputStream(entry)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("WEB-INF/switchboard.properties"));
            zip.write(settings.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + war, e);
        }
        return war;
    }
}
