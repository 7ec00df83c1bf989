package dev.switchboard.it;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import dev.switchboard.config.LimitSettings;
import dev.switchboard.testing.RawWsClient;

/**
 * The RFC 6455 conformance cases ({@link ConformanceCases}) against the hub's WAR, where the server's WebSocket
 * implementation owns the framing (Tyrus with the hub's frame-size gate in Payara, Undertow in WildFly): every
 * section but compression, which is the server's own there (docs/deploy.md). Mixed into {@link ContainerScenario},
 * so it runs in that class's one server start.
 */
interface ConformanceScenario {

    /** The WAR runs with the default {@code max.message.bytes}. */
    int CONFORMANCE_LIMIT = LimitSettings.MAX_MESSAGE_BYTES;

    /** @return the server's HTTP port */
    int port();

    /**
     * @return cases this server is known to fail, by name, each with the reason: skipped with it (never asserted as
     *         today's behaviour), and listed in docs/reliability.md
     */
    default Map<String, String> conformanceDeviations() {
        return Map.of();
    }

    @TestFactory
    @Order(40)
    default Stream<DynamicTest> rfc6455ConformanceOfTheWar() {
        List<Conformance> cases = Stream.of(ConformanceCases.framing(CONFORMANCE_LIMIT), ConformanceCases.pings(),
                ConformanceCases.reserved(), ConformanceCases.fragmentation(), ConformanceCases.utf8(),
                ConformanceCases.close(), ConformanceCases.sizeLimit(CONFORMANCE_LIMIT))
                .flatMap(List::stream).toList();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            String deviation = conformanceDeviations().get(c.toString());
            Assumptions.assumeTrue(deviation == null, () -> "documented deviation: " + deviation);
            c.run(() -> RawWsClient.connect(port(), ContainerScenario.CONTEXT + "/ws", 0));
        }));
    }
}
