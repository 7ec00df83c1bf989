package dev.switchboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;

/**
 * Keeps docs/architecture.md true: each package uses only the layers below it, and each runtime's types stay in the
 * package of that runtime.
 */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.switchboard");

    /** The packages from the lowest layer up; each may use only the ones before it. */
    private static final List<String> LAYERS = List.of("support", "wire", "protocol", "config", "metrics", "outbox",
            "registry", "heartbeat", "channel", "admission", "cluster", "endpoint", "http", "container", "standalone");

    @Test
    void layersOnlyUseLayersBelowThem() {
        Architectures.LayeredArchitecture layered = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            layered = layered.layer(layer).definedBy("dev.switchboard." + layer + "..");
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            String[] below = LAYERS.subList(0, i).toArray(String[]::new);
            layered = i == 0 ? layered.whereLayer(LAYERS.get(i)).mayNotAccessAnyLayer()
                    : layered.whereLayer(LAYERS.get(i)).mayOnlyAccessLayers(below);
        }
        layered.whereLayer("standalone").mayNotBeAccessedByAnyLayer()
                .whereLayer("container").mayNotBeAccessedByAnyLayer()
                .check(classes);
    }

    @Test
    void onlyTheStandaloneRuntimeSeesGrizzlyTyrusOrWeld() {
        noClasses().that().resideOutsideOfPackage("dev.switchboard.standalone..")
                .should().dependOnClassesThat().resideInAnyPackage("org.glassfish..", "org.jboss.weld..")
                .check(classes);
    }

    @Test
    void onlyTheContainerRuntimeSeesTheServletApi() {
        noClasses().that().resideOutsideOfPackage("dev.switchboard.container..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.servlet..")
                .check(classes);
    }

    @Test
    void theStandalonePlumbingDoesNotReachBackIntoItsCompositionRoot() {
        noClasses().that().resideInAPackage("dev.switchboard.standalone.bridge..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.standalone")
                .check(classes);
    }

    @Test
    void wireUsesOnlyTheJdk() {
        classes().that().resideInAPackage("dev.switchboard.wire..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.switchboard.wire..")
                .check(classes);
    }

    /** The Java client ships as its own jar (switchboard-client.jar): the JDK, Jackson, optionally SLF4J; no hub. */
    @Test
    void theClientDependsOnlyOnTheJdkAndJackson() {
        classes().that().resideInAPackage("dev.switchboard.client..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..",
                        "com.fasterxml.jackson..", "org.slf4j..", "dev.switchboard.client..")
                .check(classes);
    }

    @Test
    void theHubDoesNotUseTheClient() {
        noClasses().that().resideOutsideOfPackage("dev.switchboard.client..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.client..")
                .check(classes);
    }

    @Test
    void outboxDoesNotTouchTheWebSocketApi() {
        noClasses()
                .that().resideInAPackage("dev.switchboard.outbox..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.websocket..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.switchboard.(*)..").should().beFreeOfCycles().check(classes);
    }
}
