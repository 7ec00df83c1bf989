package dev.switchboard.protocol;

/**
 * A text frame the hub sends, as a value: a {@link Reply} to a client's request (or the {@code welcome}), or a
 * {@link Push} the hub sends on its own. {@link JsonCodec#encode(ServerFrame)} writes every one of them.
 */
public sealed interface ServerFrame permits Reply, Push {
}
