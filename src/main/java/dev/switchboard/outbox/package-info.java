/**
 * The per-session serialized send queue: bounded by frames and bytes, one drain at a time, pings first, close
 * last, write-stall detection. Writes through the small Transport interface; knows nothing of jakarta.websocket.
 */
package dev.switchboard.outbox;
