package dev.switchboard.standalone.bridge;

import java.nio.ByteBuffer;

import org.glassfish.tyrus.spi.ReadHandler;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.wire.FrameSizeGate;
import dev.switchboard.wire.MessageInflater;

/**
 * The standalone runtime's {@link FrameSizeGate}: fed one upgraded connection's raw bytes, it passes what is
 * allowed to Tyrus's read handler, and for an oversize message a synthetic 1009 close. With permessage-deflate
 * negotiated, a {@link MessageInflater} sits before the gate, so the limit applies to inflated sizes; a first gate
 * bounds the compressed bytes too. Not thread-safe: Grizzly delivers a connection's reads one at a time. See
 * docs/design-notes.md, "The frame-size gate".
 */
final class SizeLimitedReadHandler implements ReadHandler, AutoCloseable {

    /** How much larger than its inflated size a compressed message may be (DEFLATE's worst case is far less). */
    private static final long DEFLATE_SLACK = 1024;
    /** Immutable, so shared by every connection's gates. */
    private static final FrameSizeGate.Refusal TOO_BIG = CloseCodes.MESSAGE_TOO_BIG.refusal();
    private static final FrameSizeGate.Refusal PROTOCOL_ERROR = CloseCodes.PROTOCOL_ERROR.refusal();
    private static final FrameSizeGate.Refusal INVALID_PAYLOAD = CloseCodes.INVALID_PAYLOAD.refusal();

    private final FrameSizeGate gate;
    private final FrameSizeGate inflatedGate;
    private final MessageInflater inflater;

    SizeLimitedReadHandler(ReadHandler next, long maxMessageBytes) {
        this(next, maxMessageBytes, false);
    }

    /** @param deflate whether the connection negotiated permessage-deflate */
    SizeLimitedReadHandler(ReadHandler next, long maxMessageBytes, boolean deflate) {
        if (!deflate) {
            this.inflatedGate = null;
            this.inflater = null;
            this.gate = gate(maxMessageBytes, next::handle);
            return;
        }
        this.inflatedGate = gate(maxMessageBytes, next::handle);
        this.inflater = new MessageInflater(inflatedGate::handle, inflatedGate::isDiscarding,
                INVALID_PAYLOAD, PROTOCOL_ERROR);
        this.gate = gate(maxMessageBytes + maxMessageBytes / 64 + DEFLATE_SLACK, inflater::handle);
    }

    private static FrameSizeGate gate(long maxMessageBytes, FrameSizeGate.Sink next) {
        return new FrameSizeGate(maxMessageBytes, TOO_BIG, PROTOCOL_ERROR, next);
    }

    /** @return whether a message was refused and input is now being dropped */
    boolean isDiscarding() {
        return gate.isDiscarding() || (inflatedGate != null && inflatedGate.isDiscarding());
    }

    @Override
    public void handle(ByteBuffer data) {
        gate.handle(data);
    }

    /** Frees the inflater's native memory; called once the connection has closed. */
    @Override
    public void close() {
        if (inflater != null) {
            inflater.close();
        }
    }
}
