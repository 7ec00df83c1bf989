/**
 * The standalone runtime's plumbing between Grizzly and Tyrus: the filter that upgrades a connection into Tyrus's
 * engine, the upgraded connection's filter chain and read handler (the frame-size gate), the direct frame writer,
 * Tyrus's timer and handshake refusal, and the endpoint configs bound to one hub's CDI container.
 */
package dev.switchboard.standalone.bridge;
