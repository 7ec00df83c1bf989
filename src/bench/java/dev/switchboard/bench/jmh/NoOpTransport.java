package dev.switchboard.bench.jmh;

import java.util.List;

import dev.switchboard.outbox.Transport;
import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.OutboundFrame;

/** A transport whose writes complete at once, on the calling thread: what is left to measure is the outbox itself. */
final class NoOpTransport implements Transport {

    @Override
    public void sendTexts(List<OutboundFrame> frames, WriteCallback callback) {
        callback.completed();
    }

    @Override
    public void sendPing(WriteCallback callback) {
        callback.completed();
    }

    @Override
    public void close(CloseCode code) {
        // Nothing to close: no peer.
    }
}
