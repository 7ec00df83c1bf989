package dev.switchboard.it;

import java.util.List;
import java.util.Optional;
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
     * @return why this server is known to fail the case, if it is: the case is then skipped with that reason
     *         (never asserted as today's behaviour), and listed in docs/reliability.md, "Conformance"
     */
    default Optional<String> conformanceDeviation(Conformance c) {
        return Optional.empty();
    }

    /**
     * @return the case as this server must pass it: itself, or with the close code the server documents for the
     *         same failure (Undertow's protocol error is 1003); the connection must still be failed, in place
     */
    default Conformance onThisServer(Conformance c) {
        return c;
    }

    @TestFactory
    @Order(40)
    default Stream<DynamicTest> rfc6455ConformanceOfTheWar() {
        List<Conformance> cases = Stream.of(ConformanceCases.framing(CONFORMANCE_LIMIT), ConformanceCases.pings(),
                ConformanceCases.reserved(), ConformanceCases.fragmentation(), ConformanceCases.utf8(),
                ConformanceCases.close(), ConformanceCases.sizeLimit(CONFORMANCE_LIMIT))
                .flatMap(List::stream).toList();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            Optional<String> deviation = conformanceDeviation(c);
            Assumptions.assumeTrue(deviation.isEmpty(), () -> "documented deviation: " + deviation.orElseThrow());
            onThisServer(c).run(() -> RawWsClient.connect(port(), ContainerScenario.CONTEXT + "/ws", 0));
        }));
    }
}
