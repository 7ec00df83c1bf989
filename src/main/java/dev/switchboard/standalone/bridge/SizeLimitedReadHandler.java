package dev.switchboard.standalone.bridge;

import java.nio.ByteBuffer;

import org.glassfish.tyrus.spi.ReadHandler;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.wire.FrameSizeGate;

/**
 * The standalone runtime's {@link FrameSizeGate}: fed one upgraded connection's raw bytes, it passes what is
 * allowed to Tyrus's read handler, and for an oversize message a synthetic 1009 close. Not thread-safe: Grizzly
 * delivers a connection's reads one at a time. See docs/design-notes.md, "The frame-size gate".
 */
final class SizeLimitedReadHandler implements ReadHandler {

    private final FrameSizeGate gate;

    SizeLimitedReadHandler(ReadHandler next, long maxMessageBytes) {
        this.gate = new FrameSizeGate(maxMessageBytes, CloseCodes.MESSAGE_TOO_BIG.refusal(),
                CloseCodes.PROTOCOL_ERROR.refusal(), next::handle);
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
