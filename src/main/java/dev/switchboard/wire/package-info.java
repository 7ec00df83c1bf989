/**
 * RFC 6455 frame-level code that must see raw bytes before a WebSocket implementation does: the frame-size gate
 * that enforces max.message.bytes at the first oversize frame header. JDK only; used by the standalone and the
 * servlet-container runtime.
 */
package dev.switchboard.wire;
