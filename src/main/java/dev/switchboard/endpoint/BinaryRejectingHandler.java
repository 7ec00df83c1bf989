package dev.switchboard.endpoint;

import java.nio.ByteBuffer;

import jakarta.websocket.MessageHandler;

/**
 * The protocol is JSON text only: a binary message is counted against {@code max.message.bytes} like text (1009 when
 * over it), never kept, and answered with a {@code bad_request} error once complete.
 */
final class BinaryRejectingHandler implements MessageHandler.Partial<ByteBuffer> {

    private final int maxBytes;
    private final Runnable onComplete;
    private final Runnable onTooBig;
    private long bytes;
    private boolean rejected;

    BinaryRejectingHandler(int maxBytes, Runnable onComplete, Runnable onTooBig) {
        this.maxBytes = maxBytes;
        this.onComplete = onComplete;
        this.onTooBig = onTooBig;
    }

    @Override
    public void onMessage(ByteBuffer part, boolean last) {
        if (rejected) {
            return;
        }
        bytes += part.remaining();
        if (bytes > maxBytes) {
            rejected = true;
            onTooBig.run();
        } else if (last) {
            bytes = 0;
            onComplete.run();
        }
    }
}
