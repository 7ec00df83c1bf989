package dev.switchboard.protocol;

/**
 * One published message as it sits in history and travels to subscribers. {@link #frame()} is the encoded
 * {@code message} frame, built once per publish (text and wire bytes) and shared by every subscriber and by
 * history replays.
 *
 * @param channel the channel name
 * @param offset  the channel's offset of this message (1, 2, 3 …)
 * @param epoch   the channel's epoch at publish time
 * @param from    the publishing user, or {@code server}
 * @param timeMillis publish time, epoch milliseconds UTC
 * @param frame   the encoded {@code message} frame
 * @param traceId the W3C trace id of the publish, for log lines (null if none); not sent to subscribers
 */
public record ChannelMessage(String channel, long offset, String epoch, String from, long timeMillis,
        OutboundFrame frame, String traceId) {

    /** A message without a trace id. */
    public ChannelMessage(String channel, long offset, String epoch, String from, long timeMillis,
            OutboundFrame frame) {
        this(channel, offset, epoch, from, timeMillis, frame, null);
    }

    /** @return this message carrying {@code id} as its trace id */
    public ChannelMessage withTraceId(String id) {
        return new ChannelMessage(channel, offset, epoch, from, timeMillis, frame, id);
    }

    /** @return the frame's size on the wire in bytes, for accounting */
    public int weight() {
        return frame.wireBytes();
    }
}
