package dev.switchboard.client;

/**
 * The client's side of the close-code table (docs/protocol.md, docs/clients.md): which codes the hub closes with are
 * worth a reconnect. Codes 4000–4499 mean "reconnecting is fine", 4500–4999 "do not"; among the standard codes the
 * client gives up only after the ones that say the client itself is at fault.
 */
final class ClosePolicy {

    /** 1002 protocol error, 1003 unsupported data, 1007 bad payload, 1008 policy, 1009 too big, 1010 extension. */
    private static final int[] CLIENT_AT_FAULT = {1002, 1003, 1007, 1008, 1009, 1010};

    private ClosePolicy() {
    }

    /** @return whether a close frame from the hub with this code is followed by a reconnect */
    static boolean reconnectsAfter(int code) {
        if (code >= 4500 && code <= 4999) {
            return false;
        }
        for (int fault : CLIENT_AT_FAULT) {
            if (fault == code) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the hub asked the client to slow down: the next delay is at least the uncut backoff step */
    static boolean asksForPatience(int code) {
        return code == 4029 || code == 1013;
    }
}
