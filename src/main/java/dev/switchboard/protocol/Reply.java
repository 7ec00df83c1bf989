package dev.switchboard.protocol;

import java.util.List;

/**
 * The frames that answer a {@link Request}, one record per reply type, plus the {@code welcome} that opens every
 * connection. Each carries the request's {@link RequestId}, echoed exactly. Immutable; written by
 * {@link JsonCodec}.
 */
public sealed interface Reply extends ServerFrame {

    /** {@code welcome}: the first frame of every connection. */
    record Welcome(String session, String user, long heartbeatSeconds, int maxMessageBytes) implements Reply {
    }

    /** {@code subscribed}: {@code recovered} is null when the client asked for no recovery (then not written). */
    record Subscribed(RequestId id, String channel, long offset, String epoch, Boolean recovered) implements Reply {
    }

    /** {@code unsubscribed}. */
    record Unsubscribed(RequestId id, String channel) implements Reply {
    }

    /** {@code published}: the offset the message was given. */
    record Published(RequestId id, String channel, long offset) implements Reply {
    }

    /** {@code history}: each message is embedded as its {@code message} frame. */
    record History(RequestId id, String channel, String epoch, List<ChannelMessage> messages, boolean recovered,
            boolean more) implements Reply {

        public History {
            messages = List.copyOf(messages);
        }
    }

    /** {@code presence}: the users, each once, in the given order. */
    record Presence(RequestId id, String channel, List<String> users) implements Reply {

        public Presence {
            users = List.copyOf(users);
        }
    }

    /** {@code refreshed}: the connection now expires at {@code exp}, epoch seconds. */
    record Refreshed(RequestId id, long exp) implements Reply {
    }

    /** {@code pong}, the answer to an application-level {@code ping}. */
    record Pong(RequestId id) implements Reply {
    }

    /**
     * {@code error}: the connection stays open; {@code message} is for people, never internal exception text.
     * {@code retryAfterMs} is a hint for {@code rate_limited} (when to try again, milliseconds), 0 for none.
     */
    record Error(RequestId id, ErrorCode code, String message, long retryAfterMs) implements Reply {

        /** An error with no retry hint. */
        public Error(RequestId id, ErrorCode code, String message) {
            this(id, code, message, 0);
        }
    }
}
