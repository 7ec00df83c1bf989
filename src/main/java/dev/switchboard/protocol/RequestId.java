package dev.switchboard.protocol;

/**
 * A request's {@code id} as the client sent it: any JSON value, kept as its compact JSON text and echoed back
 * exactly in the reply. {@link #NONE} when the request had no id (or {@code null}): the reply then carries none.
 * Immutable.
 *
 * @param json the id's compact JSON text, or null for {@link #NONE}
 */
public record RequestId(String json) {

    /** No id: the reply has no {@code id} field. */
    public static final RequestId NONE = new RequestId(null);

    /** @return whether the request carried an id to echo */
    public boolean isPresent() {
        return json != null;
    }
}
