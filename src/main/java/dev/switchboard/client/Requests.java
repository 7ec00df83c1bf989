package dev.switchboard.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The application's requests ({@code publish}, {@code history}, {@code presence}) by id: those waiting for a
 * connection (at most {@code capacity}, in order) and those sent and waiting for their answer. Not thread-safe: the
 * event loop's.
 */
final class Requests {

    /** One request: its frame, the future of its answer, whether it went out, its timeout. */
    static final class Pending {
        final long id;
        final ObjectNode frame;
        final CompletableFuture<JsonNode> answer;
        boolean sent;
        ScheduledFuture<?> timeout;

        Pending(long id, ObjectNode frame, CompletableFuture<JsonNode> answer) {
            this.id = id;
            this.frame = frame;
            this.answer = answer;
        }
    }

    private final int capacity;
    private final Map<Long, Pending> byId = new LinkedHashMap<>();
    private int waiting;
    private long nextId = 1;

    Requests(int capacity) {
        this.capacity = capacity;
    }

    /** @return a fresh request id (also used for the client's own requests: subscribe, ping, refresh) */
    long nextId() {
        return nextId++;
    }

    /** @return whether a request that must wait for a connection fits in the queue */
    boolean hasRoom() {
        return waiting < capacity;
    }

    /** Adds a request, sent ({@code sent}) or waiting. */
    void add(Pending request, boolean sent) {
        request.sent = sent;
        byId.put(request.id, request);
        if (!sent) {
            waiting++;
        }
    }

    /** @return the request with this id, removed; {@code null} if unknown (answered, timed out, failed) */
    Pending take(long id) {
        Pending p = byId.remove(id);
        if (p != null) {
            EventLoop.cancel(p.timeout);
            if (!p.sent) {
                waiting--;
            }
        }
        return p;
    }

    /** @return the waiting requests, in order, now marked sent */
    List<Pending> sendWaiting() {
        List<Pending> out = new ArrayList<>();
        for (Pending p : byId.values()) {
            if (!p.sent) {
                p.sent = true;
                out.add(p);
            }
        }
        waiting = 0;
        return out;
    }

    /** @return the sent requests, removed: their connection is gone, their outcome unknown */
    List<Pending> takeSent() {
        List<Pending> out = new ArrayList<>();
        for (Iterator<Pending> it = byId.values().iterator(); it.hasNext();) {
            Pending p = it.next();
            if (p.sent) {
                it.remove();
                EventLoop.cancel(p.timeout);
                out.add(p);
            }
        }
        return out;
    }

    /** @return every request, removed */
    List<Pending> takeAll() {
        List<Pending> out = new ArrayList<>(byId.values());
        byId.clear();
        waiting = 0;
        out.forEach(p -> EventLoop.cancel(p.timeout));
        return out;
    }
}
