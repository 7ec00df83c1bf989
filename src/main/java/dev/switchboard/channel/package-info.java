/**
 * Channels: subscribe, publish, fan-out, history, recovery and presence, the Hub API for applications, and the
 * Broker and HistoryStore SPIs with their in-memory implementations.
 */
package dev.switchboard.channel;
