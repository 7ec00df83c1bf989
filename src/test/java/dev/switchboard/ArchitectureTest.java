package dev.switchboard;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Keeps the package layering of docs/architecture.md true: each package uses only the layers below it. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.switchboard");

    @Test
    void layersOnlyUseLayersBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("support").definedBy("dev.switchboard.support..")
                .layer("protocol").definedBy("dev.switchboard.protocol..")
                .layer("config").definedBy("dev.switchboard.config..")
                .layer("metrics").definedBy("dev.switchboard.metrics..")
                .layer("outbox").definedBy("dev.switchboard.outbox..")
                .layer("registry").definedBy("dev.switchboard.registry..")
                .layer("heartbeat").definedBy("dev.switchboard.heartbeat..")
                .layer("channel").definedBy("dev.switchboard.channel..")
                .layer("auth").definedBy("dev.switchboard.auth..")
                .layer("endpoint").definedBy("dev.switchboard.endpoint..")
                .layer("http").definedBy("dev.switchboard.http..")
                .layer("standalone").definedBy("dev.switchboard.standalone..")
                .whereLayer("standalone").mayNotBeAccessedByAnyLayer()
                .whereLayer("support").mayNotAccessAnyLayer()
                .whereLayer("protocol").mayOnlyAccessLayers("support")
                .whereLayer("config").mayOnlyAccessLayers("support", "protocol")
                .whereLayer("metrics").mayOnlyAccessLayers("support", "protocol", "config")
                .whereLayer("outbox").mayOnlyAccessLayers("support", "protocol", "config", "metrics")
                .whereLayer("registry").mayOnlyAccessLayers("support", "protocol", "config", "metrics", "outbox")
                .whereLayer("heartbeat").mayOnlyAccessLayers("support", "protocol", "config", "metrics", "outbox", "registry")
                .whereLayer("channel").mayOnlyAccessLayers("support", "protocol", "config", "metrics", "outbox", "registry", "heartbeat")
                .whereLayer("auth").mayOnlyAccessLayers("support", "protocol", "config", "metrics", "outbox", "registry", "heartbeat", "channel")
                .whereLayer("endpoint").mayOnlyAccessLayers("support", "protocol", "config", "metrics", "outbox", "registry", "heartbeat", "channel", "auth")
                .whereLayer("http").mayOnlyAccessLayers("support", "protocol", "config", "metrics", "outbox", "registry", "heartbeat", "channel", "auth", "endpoint")
                .check(classes);
    }

    @Test
    void outboxDoesNotTouchTheWebSocketApi() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAPackage("dev.switchboard.outbox..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.websocket..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.switchboard.(*)..").should().beFreeOfCycles().check(classes);
    }
}
