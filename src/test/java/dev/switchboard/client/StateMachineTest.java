package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Every pair of states: exactly the documented changes can happen, through exactly one transition each, and
 * nothing leaves CLOSED.
 */
class StateMachineTest {

    /** The documented state machine (docs/clients.md). */
    private static final Map<ClientState, Set<ClientState>> ALLOWED = Map.of(
            ClientState.IDLE, EnumSet.of(ClientState.CONNECTING, ClientState.CLOSED),
            ClientState.CONNECTING, EnumSet.of(ClientState.CONNECTED, ClientState.DISCONNECTED, ClientState.CLOSED),
            ClientState.CONNECTED, EnumSet.of(ClientState.DISCONNECTED, ClientState.CLOSED),
            ClientState.DISCONNECTED, EnumSet.of(ClientState.CONNECTING, ClientState.CLOSED),
            ClientState.CLOSED, EnumSet.noneOf(ClientState.class));

    @Test
    void everyPairIsAllowedExactlyWhenDocumented() {
        for (ClientState from : ClientState.values()) {
            for (ClientState to : ClientState.values()) {
                long ways = EnumSet.allOf(Transition.class).stream()
                        .filter(t -> t.from(from).equals(Optional.of(to))).count();
                boolean allowed = ALLOWED.get(from).contains(to);
                assertThat(ways).as("%s -> %s", from, to).isEqualTo(allowed ? 1 : 0);
            }
        }
    }

    @Test
    void aMachineFollowsTheTransitionsAndRefusesTheRest() {
        for (ClientState from : ClientState.values()) {
            for (Transition t : Transition.values()) {
                StateMachine machine = machineIn(from);
                Optional<StateChange> change = machine.fire(t);
                Optional<ClientState> expected = t.from(from);
                assertThat(change.map(StateChange::to)).as("%s in %s", t, from).isEqualTo(expected);
                assertThat(machine.state()).as("state after %s in %s", t, from).isEqualTo(expected.orElse(from));
                change.ifPresent(c -> assertThat(c.from()).isEqualTo(from));
            }
        }
    }

    @Test
    void closedIsTerminal() {
        StateMachine machine = machineIn(ClientState.CLOSED);
        for (Transition t : Transition.values()) {
            assertThat(machine.fire(t)).as("%s after CLOSED", t).isEmpty();
        }
        assertThat(machine.state()).isEqualTo(ClientState.CLOSED);
    }

    @Test
    void aNewMachineIsIdle() {
        assertThat(new StateMachine().state()).isEqualTo(ClientState.IDLE);
    }

    /** @return a machine driven into {@code state} through legal transitions only */
    private static StateMachine machineIn(ClientState state) {
        StateMachine m = new StateMachine();
        switch (state) {
            case IDLE -> { }
            case CONNECTING -> m.fire(Transition.START);
            case CONNECTED -> {
                m.fire(Transition.START);
                m.fire(Transition.OPEN);
            }
            case DISCONNECTED -> {
                m.fire(Transition.START);
                m.fire(Transition.LOSE);
            }
            case CLOSED -> m.fire(Transition.CLOSE);
        }
        assertThat(m.state()).isEqualTo(state);
        return m;
    }
}
