package dev.switchboard.standalone.bridge;

import java.nio.ByteBuffer;

import org.glassfish.tyrus.spi.ReadHandler;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.wire.FrameSizeGate;

/**
 * The standalone runtime's place for the {@link FrameSizeGate}: Tyrus's read handler behind it, fed the raw bytes of
 * one upgraded Grizzly connection. An oversize message is refused at its frame header with a synthetic 1009 close
 * handed to Tyrus, and everything after it is dropped (see {@link BridgedConnection} for the close that follows).
 * Not thread-safe: Grizzly delivers one connection's reads one at a time.
 */
final class SizeLimitedReadHandler implements ReadHandler {

    private final FrameSizeGate gate;

    SizeLimitedReadHandler(ReadHandler next, long maxMessageBytes) {
        this.gate = new FrameSizeGate(maxMessageBytes, CloseCodes.MESSAGE_TOO_BIG.code(),
                CloseCodes.MESSAGE_TOO_BIG.reason(), next::handle);
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
