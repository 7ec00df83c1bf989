package dev.switchboard.endpoint;

import java.util.function.Consumer;

import jakarta.websocket.MessageHandler;

import dev.switchboard.support.Utf8;

/**
 * Gathers a text message frame by frame without ever holding more than {@code max.message.bytes}; over it, the
 * {@link OversizeMessage} closes with 1009. Called one fragment at a time per session; not thread-safe.
 * See docs/design-notes.md, "Oversize messages without the gate".
 */
final class SizeLimitedTextHandler implements MessageHandler.Partial<String> {

    private final int maxBytes;
    private final Consumer<String> onMessage;
    private final OversizeMessage oversize;
    private StringBuilder gathered;
    private long bytes;

    SizeLimitedTextHandler(int maxBytes, Consumer<String> onMessage, OversizeMessage oversize) {
        this.maxBytes = maxBytes;
        this.onMessage = onMessage;
        this.oversize = oversize;
    }

    @Override
    public void onMessage(String part, boolean last) {
        if (oversize.active()) {
            oversize.fragment(last);
            return;
        }
        bytes += Utf8.length(part);
        if (bytes > maxBytes) {
            gathered = null;
            oversize.start(last);
            return;
        }
        if (last && gathered == null) {
            bytes = 0;
            onMessage.accept(part);
            return;
        }
        if (gathered == null) {
            gathered = new StringBuilder(part.length() * 2);
        }
        gathered.append(part);
        if (last) {
            String message = gathered.toString();
            gathered = null;
            bytes = 0;
            onMessage.accept(message);
        }
    }
}
