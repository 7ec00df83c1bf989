package dev.switchboard.endpoint;

import java.nio.ByteBuffer;

import jakarta.websocket.MessageHandler;

/**
 * The protocol is JSON text only: a binary message is counted against {@code max.message.bytes} like text (1009
 * when over it), never kept, and handed to {@code onComplete} once complete (a {@code bad_request} error, or 1003
 * for an application's endpoint). Called one fragment at a time per session; not thread-safe.
 */
final class BinaryRejectingHandler implements MessageHandler.Partial<ByteBuffer> {

    private final int maxBytes;
    private final Runnable onComplete;
    private final OversizeMessage oversize;
    private long bytes;

    BinaryRejectingHandler(int maxBytes, Runnable onComplete, OversizeMessage oversize) {
        this.maxBytes = maxBytes;
        this.onComplete = onComplete;
        this.oversize = oversize;
    }

    @Override
    public void onMessage(ByteBuffer part, boolean last) {
        if (oversize.active()) {
            oversize.fragment(last);
            return;
        }
        bytes += part.remaining();
        if (bytes > maxBytes) {
            oversize.start(last);
        } else if (last) {
            bytes = 0;
            onComplete.run();
        }
    }
}
