/**
 * The thin adapters between Jakarta WebSocket sessions and the hub: the annotated endpoint, the CDI configurator,
 * the session's message handlers with the size limit, the request dispatcher and the session transport. The only
 * code that touches Session; no runtime-specific types.
 */
package dev.switchboard.endpoint;
