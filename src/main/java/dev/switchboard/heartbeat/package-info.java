/**
 * The scheduled bean that pings every connection through its outbox and closes the silent (4008) and the stalled
 * (4009).
 */
package dev.switchboard.heartbeat;
