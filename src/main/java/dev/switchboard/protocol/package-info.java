/**
 * The wire model shared by the hub and its clients: request records, outbound frames encoded once, the JSON
 * codec, error codes and the close-code catalogue (code, meaning, whether to reconnect). See docs/protocol.md.
 */
package dev.switchboard.protocol;
