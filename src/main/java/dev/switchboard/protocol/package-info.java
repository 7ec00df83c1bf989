/**
 * The wire model shared by the hub and its clients: {@code Request} records, the server frames ({@code Reply},
 * {@code Push}) and {@code JsonCodec} that reads and writes them, frames encoded once, error codes and the
 * close-code catalogue (code, meaning, whether to reconnect). See docs/protocol.md.
 */
package dev.switchboard.protocol;
