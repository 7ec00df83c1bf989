package dev.switchboard.standalone;

import java.nio.ByteBuffer;

import org.glassfish.tyrus.spi.ReadHandler;

import dev.switchboard.endpoint.FrameSizeGate;

/**
 * The standalone runtime's place for the {@link FrameSizeGate}: Tyrus's read handler behind it, fed the raw bytes of
 * one upgraded Grizzly connection. An oversize message is refused at its frame header with a synthetic 1009 close
 * handed to Tyrus, and everything after it is dropped (see {@link BridgedConnection} for the close that follows).
 * Not thread-safe: Grizzly delivers one connection's reads one at a time.
 */
final class FrameSizeGuard implements ReadHandler {

    private final FrameSizeGate gate;

    FrameSizeGuard(ReadHandler next, long maxMessageBytes) {
        this.gate = new FrameSizeGate(maxMessageBytes, next::handle);
    }

    /** @return whether an oversize message was refused and input is now being dropped */
    boolean isDiscarding() {
        return gate.isDiscarding();
    }

    @Override
    public void handle(ByteBuffer data) {
        gate.handle(data);
    }
}
