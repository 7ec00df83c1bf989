package dev.switchboard.endpoint;

import java.util.function.Consumer;

import jakarta.websocket.MessageHandler;

import dev.switchboard.support.Utf8;

/**
 * Receives text messages frame by frame and enforces {@code max.message.bytes} without ever holding more than the
 * limit: the first fragment that takes a message over it drops what was gathered, and the {@link OversizeMessage}
 * closes with 1009 when the message ends. Where the runtime feeds the raw frames through the {@link FrameSizeGate}
 * (standalone, and Payara behind {@link UpgradeAdmissionFilter}), an oversize message is refused at its frame header
 * before it gets here; this handler is what enforces the limit elsewhere (WildFly).
 * Called by the container one fragment at a time per session.
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
